namespace Lyceum.Local.Execution;

/// <summary>
/// The platform could not run the user's part, for a reason worth telling them (an interpreter that cannot be started):
/// the run ends system_failure with this message. Other exceptions end it with a sentence pointing at the server log.
/// </summary>
internal sealed class RunPlatformException(string message) : Exception(message);
