namespace Lyceum.Client.Streaming;

/// <summary>What a stream has handed to the caller, per stream kind, so output recovered from the run's final record
/// continues each kind exactly where it stopped.</summary>
internal sealed class DeliveredOutput
{
    private long _stdoutChars;
    private long _stderrChars;

    /// <summary>How many output fragments were delivered.</summary>
    public int Fragments { get; private set; }

    public void Add(ExecutionOutput output)
    {
        Fragments++;
        if (output.Stream == OutputStreamKind.Stderr)
            _stderrChars += output.Text.Length;
        else
            _stdoutChars += output.Text.Length;
    }

    /// <summary>The output the record holds beyond what was delivered, and whether that is certainly all of it.
    /// A record that keeps stdout and stderr apart continues each kind at its own count. A record with only the two
    /// together cannot say which text is which: its rest is handed over as stdout only while no stderr has been seen,
    /// and never counts as complete.</summary>
    public (IReadOnlyList<ExecutionOutput> Missing, bool Complete) RestOf(ExecutionRecord? record)
    {
        if (record is null)
            return ([], false);
        if (record.Stdout is not null || record.Stderr is not null)
        {
            var rest = new List<ExecutionOutput>(2);
            var complete = Continue(record.Stdout ?? "", _stdoutChars, OutputStreamKind.Stdout, rest)
                & Continue(record.Stderr ?? "", _stderrChars, OutputStreamKind.Stderr, rest);
            return (rest, complete);
        }

        if (record.Output is { } together && _stderrChars == 0)
        {
            var rest = new List<ExecutionOutput>(1);
            Continue(together, _stdoutChars, OutputStreamKind.Stdout, rest);
            return (rest, false);
        }

        return ([], false);
    }

    /// <summary>Adds the part of <paramref name="text"/> after <paramref name="delivered"/> characters; false when the
    /// record holds less than was delivered (it is not the same output).</summary>
    private static bool Continue(string text, long delivered, OutputStreamKind kind, List<ExecutionOutput> rest)
    {
        if (text.Length < delivered)
            return false;
        if (text.Length > delivered)
            rest.Add(new ExecutionOutput(text[(int)delivered..], kind, null, null));
        return true;
    }
}
