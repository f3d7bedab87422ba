using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace Lyceum.Runner;

/// <summary>
/// Turns one cell's host events into the outputs the executed notebook keeps (Jupyter's stream, display_data,
/// execute_result and error) and echoes them to the terminal as they come.
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
            case "ErrorProduced":
                AppendText("stderr", (message.Message ?? "") + "\n");
                break;
        }
    }

    /// <summary>Adds the error output that ends a failed cell, named like a Jupyter error (ename, evalue, traceback).</summary>
    public void RecordFailure(string message)
    {
        PrintUpdatedDisplays();
        message = _redactor.Redact(message);
        var lines = message.Replace("\r\n", "\n").Split('\n');
        var (name, value) = ExceptionHeader().Match(lines[0]) is { Success: true } m
            ? (m.Groups["type"].Value, m.Groups["message"].Value)
            : ("Error", lines[0]);
        _element.Outputs.Add(new ErrorElement(value, name, lines));
        _reporter?.Text(message.EndsWith('\n') ? message : message + "\n");
    }

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
