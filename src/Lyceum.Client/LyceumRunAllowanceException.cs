namespace Lyceum.Client;

/// <summary>A map of runs was refused before it started: it needs more run starts than the service's rate limit has left
/// in its current window. Nothing was started.</summary>
public sealed class LyceumRunAllowanceException : LyceumException
{
    /// <summary>Creates the exception; the message says the numbers and what to do.</summary>
    public LyceumRunAllowanceException(int requested, RateLimitState allowance)
        : base(FormatMessage(requested, allowance))
    {
        ArgumentNullException.ThrowIfNull(allowance);
        Requested = requested;
        Allowance = allowance;
    }

    /// <summary>How many runs were asked for.</summary>
    public int Requested { get; }

    /// <summary>The run-start limit as the service last reported it (limit, remaining, reset).</summary>
    public RateLimitState Allowance { get; }

    private static string FormatMessage(int requested, RateLimitState allowance)
    {
        var reset = allowance.Reset > DateTimeOffset.MinValue ? $" at {allowance.Reset.UtcDateTime:HH:mm} UTC" : "";
        return $"{requested} runs need {requested} run starts, but only {allowance.Remaining} of the service's {allowance.Limit} an hour are left "
            + $"(it resets{(reset.Length > 0 ? reset : " later")}). Run at most {allowance.Remaining} now, or wait until the limit resets.";
    }
}
