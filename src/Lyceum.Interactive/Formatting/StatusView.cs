using System.Text;
using Lyceum.Client;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>What <c>#!lyceum status</c> shows: service health and version, who you are, the default machine and the
/// rate-limit state per category.</summary>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record StatusView : ILyceumView
{
    /// <summary>The service.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>True when the service answered its ping.</summary>
    public bool Healthy { get; init; }

    /// <summary>False when the service was not asked at all (nobody is logged in): not the same as unreachable.</summary>
    public bool Checked { get; init; } = true;

    /// <summary>Why the health check failed, when it did.</summary>
    public string? HealthError { get; init; }

    /// <summary>The service's version, when it answered.</summary>
    public ServiceVersion? Version { get; init; }

    /// <summary>Who you are, or null when not logged in.</summary>
    public string? Who { get; init; }

    /// <summary>The machine cells run on unless they say otherwise.</summary>
    public required string DefaultMachine { get; init; }

    /// <summary>The machine types the account may use, when known.</summary>
    public IReadOnlyList<string> Machines { get; init; } = [];

    /// <summary>The latest rate-limit state per category.</summary>
    public IReadOnlyList<RateLimitState> RateLimits { get; init; } = [];

    /// <summary>This session's spend and budget, e.g. <c>1.20 spent of 10.00 (8.80 left)</c>.</summary>
    public string? Spending { get; init; }

    private string Health => (Healthy ? "healthy" : Checked ? "unreachable" : "not checked") + (Healthy || HealthError is null ? "" : $" ({HealthError})");

    private string Badge => Healthy ? "ok" : Checked ? "fail" : "warn";

    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "title"]("Lyceum status"),
        table(tbody(
            tr(th("Service"), td(code(Endpoint.ToString()), " ", span[@class: "badge " + Badge](Health))),
            tr(th("Version"), td(Version is null ? "unknown" : $"{Version.Version} (API {Version.ApiVersion})")),
            tr(th("You"), td(Who ?? "not logged in: #!lyceum login --api-key @password:\"Lyceum API key\"")),
            tr(th("Default machine"), td(code(DefaultMachine), Machines.Count == 0 ? "" : span[@class: "muted"](" of " + string.Join(", ", Machines)))),
            Spending is null ? "" : tr(th("Session spend"), td(Spending)),
            tr(th("Rate limits"), td(RateLimits.Count == 0
                ? span[@class: "muted"]("no requests counted yet")
                : table(RateLimits.Select(r => tr(td(r.Category), td[@class: "num"]($"{r.Remaining} of {r.Limit} left"), td[@class: "muted"]("resets " + Time(r.Reset))))))))));

    string ILyceumView.ToText()
    {
        var text = new StringBuilder()
            .AppendLine($"Lyceum service {Endpoint}: {Health}")
            .AppendLine($"Version: {(Version is null ? "unknown" : $"{Version.Version} (API {Version.ApiVersion})")}")
            .AppendLine($"You: {Who ?? "not logged in"}")
            .Append($"Default machine: {DefaultMachine}");
        if (Machines.Count > 0)
            text.Append($" (available: {string.Join(", ", Machines)})");
        if (Spending is not null)
            text.AppendLine().Append($"Session spend: {Spending}");
        foreach (var r in RateLimits)
            text.AppendLine().Append($"Rate limit {r.Category}: {r.Remaining} of {r.Limit} left, resets {Time(r.Reset)}");
        return text.ToString();
    }
}
