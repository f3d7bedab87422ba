namespace Lyceum.Runner;

/// <summary>The command line or the notebook given is unusable; the message says what to do instead.</summary>
internal sealed class RunnerUsageException(string message) : Exception(message);
