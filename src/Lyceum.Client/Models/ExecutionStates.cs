namespace Lyceum.Client;

/// <summary>The run states the service and its clients use.</summary>
public static class ExecutionStates
{
    /// <summary>Accepted, not yet scheduled.</summary>
    public const string Pending = "pending";
    /// <summary>Waiting for a machine.</summary>
    public const string Queued = "queued";
    /// <summary>The machine is starting.</summary>
    public const string Starting = "starting";
    /// <summary>The code runs.</summary>
    public const string Running = "running";
    /// <summary>Finished with exit code 0.</summary>
    public const string Completed = "completed";
    /// <summary>Failed (unspecified).</summary>
    public const string Failed = "failed";
    /// <summary>The code exited non-zero.</summary>
    public const string FailedUser = "failed_user";
    /// <summary>The platform failed.</summary>
    public const string FailedSystem = "failed_system";
    /// <summary>The platform failed (older name).</summary>
    public const string SystemFailure = "system_failure";
    /// <summary>The run exceeded its timeout.</summary>
    public const string Timeout = "timeout";
    /// <summary>Stopped gracefully.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>Stopped hard by the user.</summary>
    public const string Aborted = "aborted";

    /// <summary>True for states after which nothing more happens to a run.</summary>
    public static bool IsTerminal(string? status) => status switch
    {
        Completed or Timeout or Cancelled or Aborted or SystemFailure => true,
        null => false,
        _ => status.StartsWith(Failed, StringComparison.Ordinal),
    };
}
