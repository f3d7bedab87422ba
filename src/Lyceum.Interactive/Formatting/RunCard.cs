using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>The status card of one run, shown once above its output and updated in place: state, machine,
/// execution id, elapsed time, and the credits it cost once it ends.</summary>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record RunCard : ILyceumView
{
    /// <summary>What runs: the kernel's name or the image reference.</summary>
    public required string What { get; init; }

    /// <summary>The run's state (starting, queued, running, completed, failed_user, aborted, …).</summary>
    public required string State { get; init; }

    /// <summary>The state in the user's words once the run ended ("failed: your code exited with 1", "timed out after
    /// 600 s"); the badge shows this, or <see cref="LyceumHtml.StateName"/> of <see cref="State"/>.</summary>
    public string? StateText { get; init; }

    /// <summary>How long the output stream has been down while the client reconnects; null while it flows.</summary>
    public TimeSpan? Reconnecting { get; init; }

    /// <summary>True when the service could only give part of the output back after a broken stream.</summary>
    public bool OutputMayBeIncomplete { get; init; }

    /// <summary>The machine type.</summary>
    public string? Machine { get; init; }

    /// <summary>The run's id, once the service accepted it.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>Time since the run was submitted (or its duration, once it ended).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The credits the run cost, as the service billed them once it ended.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The machine's price × the time the run has run so far, while it runs (an estimate; the bill replaces it).</summary>
    public decimal? CostEstimate { get; init; }

    /// <summary>The cell's cost cap (<c>--max-cost</c>), when set: the card shows the spend against it.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>Why it ended as it did, for failures.</summary>
    public string? Message { get; init; }

    /// <summary>Session mode: names not carried to the next cell, with the reason.</summary>
    public IReadOnlyList<string> NotCarried { get; init; } = [];

    /// <summary>Top-level variables other kernels cannot read (not JSON-serialisable, or over the size cap), with the reason.
    /// Apart from <see cref="NotCarried"/>: a session may still carry them to the next cell.</summary>
    public IReadOnlyList<string> NotShared { get; init; } = [];

    /// <summary>The local file holding the whole output, when the cell's output was cut.</summary>
    public string? LogFile { get; init; }

    /// <summary>With <c>--storage</c>: the bucket the run may reach and until when (never the credentials themselves).</summary>
    public string? Storage { get; init; }

    /// <summary>True once the run has ended.</summary>
    public bool Ended { get; init; }

    IHtmlContent ILyceumView.ToHtml() => Container(
        div(
            b("Lyceum "), code(What), " ", StatusBadge(State, Label), " ",
            span[@class: "muted"](Details())),
        Message is null ? "" : div(Message),
        Storage is null ? "" : div[@class: "muted"]("Storage access: ", Storage),
        OutputMayBeIncomplete ? div[@class: "muted"](IncompleteNote) : "",
        LogFile is null ? "" : div[@class: "muted"]("Whole output: ", code(LogFile)),
        NotCarried.Count == 0 ? "" : div[@class: "muted"]("Not carried to the next cell: ", string.Join("; ", NotCarried)),
        NotShared.Count == 0 ? "" : div[@class: "muted"]("Not shared with other kernels: ", string.Join("; ", NotShared)));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder($"Lyceum {What}: {Label} — {Details()}");
        if (Message is not null)
            text.AppendLine().Append(Message);
        if (Storage is not null)
            text.AppendLine().Append("Storage access: " + Storage);
        if (OutputMayBeIncomplete)
            text.AppendLine().Append(IncompleteNote);
        if (LogFile is not null)
            text.AppendLine().Append("Whole output: " + LogFile);
        if (NotCarried.Count > 0)
            text.AppendLine().Append("Not carried to the next cell: " + string.Join("; ", NotCarried));
        if (NotShared.Count > 0)
            text.AppendLine().Append("Not shared with other kernels: " + string.Join("; ", NotShared));
        return text.ToString();
    }

    private const string IncompleteNote =
        "Some output may be missing: the connection broke and the service could only give back part of it. The run itself was not affected.";

    // The bill once known, else the running estimate (marked), against the cap when one is set: "0.12 of 0.50 credits".
    private string? Spend()
    {
        var cap = MaxCost is { } max ? $" of {Credits(max)}" : "";
        return (Cost, CostEstimate, MaxCost) switch
        {
            ({ } cost, _, _) => $"{Credits(cost)}{cap} credits",
            (null, { } estimate, _) => $"~{Credits(estimate)}{cap} credits (estimate: price × time so far)",
            (null, null, { } limit) => $"--max-cost {Credits(limit)} credits",
            _ => null,
        };
    }

    // What the badge says: the ending in words, "reconnecting (12 s)" while the stream is down, else the state.
    private string Label => StateText ?? (Reconnecting is { } down && !Ended ? $"reconnecting ({down.TotalSeconds:0} s)" : StateName(State));

    private string Details()
    {
        var parts = new List<string>();
        if (Machine is not null)
            parts.Add(Machine);
        // A run that ended before the service accepted it already says "not started" as its state.
        if (ExecutionId is not null)
            parts.Add("run " + ExecutionId);
        else if (!Ended)
            parts.Add("not started yet");
        parts.Add(Duration(Elapsed));
        if (Spend() is { } spend)
            parts.Add(spend);
        return string.Join(" · ", parts);
    }
}
