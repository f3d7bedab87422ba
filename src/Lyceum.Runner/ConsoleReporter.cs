using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Lyceum.Runner;

/// <summary>Everything the runner prints: progress lines, cell output as it streams, the verdict.</summary>
internal sealed partial class ConsoleReporter(TextWriter output, TextWriter diagnostics, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly Lock _gate = new();
    private bool _atLineStart = true;

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public void Info(string message) => WriteLine(output, "==> " + message);

    public void Warn(string message) => WriteLine(diagnostics, "warning: " + message);

    public void Error(string message) => WriteLine(diagnostics, "error: " + message);

    /// <summary>The raw protocol, for --verbose.</summary>
    public void Protocol(string line) => WriteLine(diagnostics, line);

    public void CellStarting(NotebookCell cell) =>
        WriteLine(output, string.Create(
            CultureInfo.InvariantCulture,
            $"[cell {cell.Number} of {cell.Total}] {cell.Kernel}: {cell.FirstLine}  ({FormatElapsed(Elapsed)} elapsed){(cell.ExpectsError ? "  [expected to fail]" : "")}"));

    /// <summary>Stream text (stdout/stderr of the cell) exactly as it arrives.</summary>
    public void Text(string text)
    {
        lock (_gate)
        {
            output.Write(text);
            _atLineStart = text.EndsWith('\n');
            output.Flush();
        }
    }

    /// <summary>A rich output, shown by its plain-text form or, failing that, its HTML without tags.</summary>
    public void Display(IReadOnlyList<KeyValuePair<string, string>> formattedValues, string prefix = "")
    {
        var summary = Summarize(formattedValues);
        if (summary.Length > 0)
        {
            WriteLine(output, prefix + summary);
        }
    }

    public void CellFinished(CellResult result)
    {
        var seconds = result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var line = result switch
        {
            { Passed: true, Status: CellStatus.Failed } => $"  -> failed as expected in {seconds} s",
            { Passed: true } => $"  -> ok in {seconds} s",
            // A cell that did not fail has said nothing yet; any other failure was just printed in the cell, and the
            // run's summary names it once more, so this line does not repeat it.
            { Status: CellStatus.Succeeded } => $"  -> FAILED after {seconds} s: {result.Headline}",
            _ => $"  -> FAILED after {seconds} s",
        };
        WriteLine(output, line);
    }

    internal static string Summarize(IReadOnlyList<KeyValuePair<string, string>> formattedValues)
    {
        var plain = formattedValues.FirstOrDefault(v => v.Key == "text/plain").Value;
        if (plain is not null)
        {
            return plain.TrimEnd();
        }

        var markdown = formattedValues.FirstOrDefault(v => v.Key == "text/markdown").Value;
        if (markdown is not null)
        {
            return markdown.TrimEnd();
        }

        var html = formattedValues.FirstOrDefault(v => v.Key == "text/html").Value;
        if (html is not null)
        {
            var text = WebUtility.HtmlDecode(Whitespace().Replace(Tags().Replace(StyleOrScript().Replace(html, " "), " "), " ")).Trim();
            return text.Length > 300 ? text[..297] + "..." : text;
        }

        return formattedValues.Count > 0 ? $"[{formattedValues[0].Key} output]" : "";
    }

    internal static string FormatElapsed(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1
            ? elapsed.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : elapsed.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private void WriteLine(TextWriter writer, string line)
    {
        lock (_gate)
        {
            if (!_atLineStart && ReferenceEquals(writer, output))
            {
                output.WriteLine();
            }

            writer.WriteLine(line);
            writer.Flush();
            if (ReferenceEquals(writer, output))
            {
                _atLineStart = true;
            }
        }
    }

    [GeneratedRegex(@"<(style|script)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrScript();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
