using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>The pieces every Lyceum view shares: one scoped style block, badges, numbers, sizes, durations.</summary>
internal static class LyceumHtml
{
    /// <summary>The one class every view's markup sits under; all CSS is scoped to it.</summary>
    public const string ContainerClass = "lyceum";

    // VS Code exposes its theme as CSS variables; the fallbacks keep Jupyter (light or dark) readable.
    private const string Css = """
        .lyceum { font-family: var(--vscode-font-family, system-ui, sans-serif); color: var(--vscode-foreground, inherit); line-height: 1.4; }
        .lyceum table { border-collapse: collapse; margin: 4px 0; }
        .lyceum th, .lyceum td { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.35)); }
        .lyceum th { font-weight: 600; color: var(--vscode-descriptionForeground, inherit); }
        .lyceum td.num, .lyceum th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .lyceum tfoot td { font-weight: 600; border-bottom: none; }
        .lyceum .muted { color: var(--vscode-descriptionForeground, rgba(128,128,128,0.9)); font-size: 0.9em; }
        .lyceum .big { font-size: 1.8em; font-weight: 600; }
        .lyceum .title { font-weight: 600; margin-bottom: 2px; }
        .lyceum code { font-family: var(--vscode-editor-font-family, monospace); }
        .lyceum .badge { display: inline-block; border-radius: 8px; padding: 0 7px; font-size: 0.85em; color: #fff; background: var(--vscode-badge-background, #616161); }
        .lyceum .badge.ok { background: var(--vscode-testing-iconPassed, #2e7d32); }
        .lyceum .badge.fail { background: var(--vscode-testing-iconFailed, #c62828); }
        .lyceum .badge.live { background: var(--vscode-progressBar-background, #1565c0); }
        .lyceum .badge.warn { background: var(--vscode-editorWarning-foreground, #b26a00); }
        .lyceum .bar { width: 260px; height: 8px; border-radius: 4px; overflow: hidden; background: var(--vscode-editorWidget-background, rgba(128,128,128,0.25)); }
        .lyceum .bar > div { height: 100%; background: var(--vscode-progressBar-background, #1565c0); }
        .lyceum .secret { font-family: var(--vscode-editor-font-family, monospace); padding: 2px 6px; border: 1px dashed var(--vscode-editorWarning-foreground, #b26a00); user-select: all; }
        """;

    /// <summary>Wraps a view's content in the scoped container with its style block.</summary>
    public static IHtmlContent Container(params object?[] content) =>
        (IHtmlContent)div[@class: ContainerClass](style(new HtmlString(Css)), Fragment(content));

    /// <summary>Joins pieces of markup into one: text is HTML-encoded, markup kept, sequences flattened, nulls skipped.
    /// PocketView would render an array argument through the object formatter (as a table), never as children.</summary>
    public static IHtmlContent Fragment(params object?[] pieces)
    {
        var builder = new HtmlContentBuilder();
        Append(builder, pieces);
        return builder;
    }

    private static void Append(HtmlContentBuilder builder, object? piece)
    {
        switch (piece)
        {
            case null:
                break;
            case string text:
                builder.Append(text);
                break;
            case IHtmlContent html:
                builder.AppendHtml(html);
                break;
            case System.Collections.IEnumerable items:
                foreach (var item in items)
                    Append(builder, item);
                break;
            default:
                builder.Append(Convert.ToString(piece, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Writes <paramref name="content"/> to the formatter's writer.</summary>
    public static void Write(IHtmlContent content, FormatContext context) => content.WriteTo(context.Writer, HtmlEncoder.Default);

    /// <summary>A badge for a run state: green for completed, red for failures, blue while live.</summary>
    public static object StatusBadge(string? status, string? label = null) =>
        span[@class: "badge " + StatusTone(status)](label ?? StateName(status));

    /// <summary>A run state in the user's words: "stopped" for aborted, "platform failure" for system_failure, …</summary>
    public static string StateName(string? status) => status switch
    {
        null => "unknown",
        "timeout" => "timed out",
        "aborted" or "cancelled" => "stopped",
        "system_failure" or "failed_system" => "platform failure",
        "failed_user" or "failed" => "failed",
        "pending" => "queued",
        _ => status.Replace('_', ' '),
    };

    /// <summary>ok, fail, live or warn: how a run state should look.</summary>
    public static string StatusTone(string? status) => status switch
    {
        "completed" => "ok",
        "aborted" or "cancelled" or "timeout" or "lost" => "warn",
        "not started" => "fail",
        null => "",
        _ when status.StartsWith("failed", StringComparison.Ordinal) || status == "system_failure" => "fail",
        _ => "live",
    };

    /// <summary>Credits as the service bills them (USD-denominated), e.g. 12.3456; a run that cost less than 0.0001 shows its
    /// first digits (0.000028) rather than a misleading 0.</summary>
    public static string Credits(decimal value) =>
        value.ToString(value != 0m && Math.Abs(value) < 0.0001m ? "0.0000####" : "0.####", CultureInfo.InvariantCulture);

    /// <summary>A byte count for people: 512 B, 1.5 KB, 3.2 MB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>A duration for people: 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min.</summary>
    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
            return "";
        if (d.TotalSeconds < 1)
            return $"{(int)d.TotalMilliseconds} ms";
        if (d.TotalMinutes < 1)
            return d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
        if (d.TotalHours < 1)
            return $"{(int)d.TotalMinutes} min {d.Seconds:00} s";
        return $"{(int)d.TotalHours} h {d.Minutes:00} min";
    }

    /// <summary>A timestamp in UTC, e.g. 2026-11-28 09:15:02 UTC.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "";
}
