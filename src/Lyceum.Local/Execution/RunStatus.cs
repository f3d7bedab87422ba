namespace Lyceum.Local.Execution;

/// <summary>The run states Lyceum Local uses (a subset of the service's union).</summary>
internal static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string FailedUser = "failed_user";
    public const string SystemFailure = "system_failure";
    public const string Timeout = "timeout";
    public const string Aborted = "aborted";

    public static bool IsLive(string status) => status is Queued or Running;
}
