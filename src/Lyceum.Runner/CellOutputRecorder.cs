using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace Lyceum.Runner;

/// <summary>
/// Turns one cell's host events into the outputs the executed notebook keeps (Jupyter's stream, display_data,
/// execute_result and error) and echoes them to the terminal as they come. Each error is said once: the host reports
/// a failed value request as ErrorProduced (sometimes twice) before failing the cell with the same text, and a remote
/// traceback already ends with the line the cell fails with.
/// </summary>
internal sealed partial class CellOutputRecorder
{
    private readonly InteractiveDocumentElement _element;
    private readonly int _executionOrder;
    private readonly SecretRedactor _redactor;
    private readonly ConsoleReporter? _reporter;
    private readonly Dictionary<string, DisplayElement> _displays = [];
    private readonly Dictionary<string, string> _printed = [];
    private readonly HashSet<string> _updated = [];
    private readonly List<string> _pendingErrors = [];
    private readonly HashSet<string> _saidErrors = [];

    public CellOutputRecorder(InteractiveDocumentElement element, int executionOrder, SecretRedactor redactor, ConsoleReporter? reporter)
    {
        _element = element;
        _executionOrder = executionOrder;
        _redactor = redactor;
        _reporter = reporter;
        element.Outputs.Clear();
        element.ExecutionOrder = executionOrder;
    }

    /// <summary>The display ids this cell produced; later updates to them land here even after the cell ended.</summary>
    public IEnumerable<string> DisplayIds => _displays.Keys;

    public void Record(HostMessage message)
    {
        if (message.EventType == "ErrorProduced")
        {
            // Held until the cell's next output or its end: the failure that usually follows says the same.
            var error = HostErrors.Clean(message.Message ?? "");
            if (error.Length > 0 && !_pendingErrors.Contains(error) && !_saidErrors.Contains(error))
            {
                _pendingErrors.Add(error);
            }

            return;
        }

        if (message.EventType is "StandardOutputValueProduced" or "StandardErrorValueProduced" or "DisplayedValueProduced" or "ReturnValueProduced")
        {
            SayPendingErrors();
        }

        switch (message.EventType)
        {
            case "StandardOutputValueProduced":
                AppendStream("stdout", message);
                break;
            case "StandardErrorValueProduced":
                AppendStream("stderr", message);
                break;
            case "DisplayedValueProduced":
                AddDisplay(message);
                break;
            case "DisplayedValueUpdated":
                UpdateDisplay(message);
                break;
            case "ReturnValueProduced":
                AddReturnValue(message);
                break;
        }
    }

    /// <summary>The cell ended: errors not yet said are said, updated displays show their last state.</summary>
    public void Finish()
    {
        SayPendingErrors();
        PrintUpdatedDisplays();
    }

    /// <summary>
    /// Adds the error output that ends a failed cell, named like a Jupyter error (ename, evalue, traceback), and says
    /// it on the terminal unless the cell already did: a remote traceback printed on stderr that ends with this very
    /// line moves into the error output (as Jupyter keeps a Python error), and an error the host reported just
    /// before is not repeated.
    /// </summary>
    public void RecordFailure(string message)
    {
        message = _redactor.Redact(HostErrors.Clean(message));
        _pendingErrors.Remove(message);
        SayPendingErrors();
        PrintUpdatedDisplays();
        var lines = message.Replace("\r\n", "\n").Split('\n');
        var (name, value) = ExceptionHeader().Match(lines[0]) is { Success: true } m
            ? (m.Groups["type"].Value, m.Groups["message"].Value)
            : ("Error", lines[0]);
        var traceback = lines.Length == 1 ? TakeTraceback(message) : null;
        _element.Outputs.Add(new ErrorElement(value, name, traceback ?? lines));
        if (traceback is null && !_saidErrors.Contains(message) && !EndsStderr(message))
        {
            _reporter?.Text(message.EndsWith('\n') ? message : message + "\n");
        }
    }

    private void SayPendingErrors()
    {
        foreach (var error in _pendingErrors)
        {
            _saidErrors.Add(error);
            AppendText("stderr", _redactor.Redact(error) + "\n");
        }

        _pendingErrors.Clear();
    }

    /// <summary>Whether the cell's last stderr output ends with <paramref name="line"/> (the terminal showed it there).</summary>
    private bool EndsStderr(string line) =>
        LastStderr() is { } stderr && LastLine(stderr.Text) == line.Trim();

    /// <summary>
    /// When the cell's last stderr output ends with a Python traceback whose last line is <paramref name="line"/>,
    /// removes that traceback from the stream and returns its lines.
    /// </summary>
    private string[]? TakeTraceback(string line)
    {
        if (LastStderr() is not { } stderr || LastLine(stderr.Text) != line.Trim())
        {
            return null;
        }

        var start = stderr.Text.LastIndexOf(TracebackHeader, StringComparison.Ordinal);
        if (start < 0 || (start > 0 && stderr.Text[start - 1] != '\n'))
        {
            return null;
        }

        var index = _element.Outputs.IndexOf(stderr);
        var before = stderr.Text[..start];
        if (before.Length > 0)
        {
            _element.Outputs[index] = new TextElement(before, "stderr");
        }
        else
        {
            _element.Outputs.RemoveAt(index);
        }

        return stderr.Text[start..].TrimEnd('\n').Split('\n');
    }

    private TextElement? LastStderr() => _element.Outputs.OfType<TextElement>().LastOrDefault(t => t.Name == "stderr");

    private static string LastLine(string text) =>
        text.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";

    private const string TracebackHeader = "Traceback (most recent call last):";

    private void AppendStream(string name, HostMessage message)
    {
        foreach (var (_, text) in message.FormattedValues().Where(v => v.Key == "text/plain"))
        {
            AppendText(name, _redactor.Redact(text));
        }
    }

    private void AppendText(string name, string text)
    {
        // Consecutive chunks of one stream become one output, as Jupyter stores them.
        var outputs = _element.Outputs;
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == name)
        {
            outputs[^1] = new TextElement(last.Text + text, name);
        }
        else
        {
            outputs.Add(new TextElement(text, name));
        }

        _reporter?.Text(text);
    }

    private void AddDisplay(HostMessage message)
    {
        var values = Redacted(message);
        if (values.Count == 0)
        {
            return;
        }

        var display = new DisplayElement(ToData(values));
        _element.Outputs.Add(display);
        if (message.ValueId is { } id)
        {
            _displays[id] = display;
            _printed[id] = ConsoleReporter.Summarize(values);
        }

        _reporter?.Display(values);
    }

    private void UpdateDisplay(HostMessage message)
    {
        var values = Redacted(message);
        if (message.ValueId is not { } id || !_displays.TryGetValue(id, out var existing))
        {
            AddDisplay(message);
            return;
        }

        // The notebook keeps the last state of an updated display (a status card, a progress bar) in its place.
        var replacement = new DisplayElement(ToData(values));
        var index = _element.Outputs.IndexOf(existing);
        if (index >= 0)
        {
            _element.Outputs[index] = replacement;
        }
        else
        {
            _element.Outputs.Add(replacement);
        }

        _displays[id] = replacement;
        _updated.Add(id);
    }

    /// <summary>
    /// Prints the last state of the displays this cell updated (a run's status card ticks every second, so its
    /// intermediate states are not printed) once the cell has ended.
    /// </summary>
    public void PrintUpdatedDisplays()
    {
        foreach (var id in _updated)
        {
            var values = _displays[id].Data.Select(d => new KeyValuePair<string, string>(d.Key, d.Value?.ToString() ?? "")).ToList();
            if (_printed.GetValueOrDefault(id) != ConsoleReporter.Summarize(values))
            {
                _printed[id] = ConsoleReporter.Summarize(values);
                _reporter?.Display(values);
            }
        }

        _updated.Clear();
    }

    private void AddReturnValue(HostMessage message)
    {
        var values = Redacted(message);
        if (values.Count == 0)
        {
            return;
        }

        var result = new ReturnValueElement { ExecutionOrder = _executionOrder };
        foreach (var (mime, value) in values)
        {
            result.Data[mime] = value;
        }

        _element.Outputs.Add(result);
        _reporter?.Display(values, "Out: ");
    }

    private List<KeyValuePair<string, string>> Redacted(HostMessage message) =>
        message.FormattedValues().Select(v => new KeyValuePair<string, string>(v.Key, _redactor.Redact(v.Value))).ToList();

    private static Dictionary<string, object> ToData(IEnumerable<KeyValuePair<string, string>> values) =>
        values.ToDictionary(v => v.Key, v => (object)v.Value);

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.+`]*(?:Exception|Error)):\s?(?<message>.*)$")]
    private static partial Regex ExceptionHeader();
}
