namespace Lyceum.Local.Execution;

/// <summary>The user's part failed before their code ran (e.g. pip could not install the requirements): the run ends failed_user.</summary>
internal sealed class RunFailedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
