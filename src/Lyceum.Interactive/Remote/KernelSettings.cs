using System.Text.Json;
using Lyceum.Interactive.Prelude;

namespace Lyceum.Interactive.Remote;

/// <summary>One Lyceum kernel's defaults and the state it carries between cells.</summary>
internal sealed class KernelSettings
{
    /// <summary>The cap on one cell's shown output unless configured otherwise.</summary>
    public const long DefaultOutputCapBytes = 1024 * 1024;

    private readonly object _gate = new();
    private readonly Dictionary<string, JsonElement> _shared = new(StringComparer.Ordinal);
    private Dictionary<string, JsonElement> _variables = new(StringComparer.Ordinal);
    private Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);
    private IReadOnlyList<NotCarriedValue> _notSent = [];

    /// <summary>The machine type cells run on.</summary>
    public string Machine { get; set; } = "cpu";

    /// <summary>The run timeout in seconds; null leaves it to the service (60 s).</summary>
    public int? Timeout { get; set; }

    /// <summary>A requirements.txt every cell of the kernel installs.</summary>
    public string? RequirementsFile { get; set; }

    /// <summary>How much output a cell shows before the rest goes only to the log file.</summary>
    public long OutputCapBytes { get; set; } = DefaultOutputCapBytes;

    /// <summary>Carry picklable globals from cell to cell.</summary>
    public bool Session { get; set; }

    /// <summary>Every cell gets fresh temporary storage credentials (<c>#!connect lyceum … --storage</c>); a cell's own <c>--storage false</c> wins.</summary>
    public bool Storage { get; set; }

    /// <summary>The names every cell sends back (<c>#!connect lyceum … --export</c>); a cell's own <c>--export</c> wins.</summary>
    public IReadOnlyList<string>? Export { get; set; }

    /// <summary>The format of matplotlib figures.</summary>
    public FigureFormat FigureFormat { get; set; } = FigureFormat.Png;

    /// <summary>The session state the last run sent back (session mode only).</summary>
    public byte[]? SessionState { get; set; }

    /// <summary>Values other kernels shared in (#!set, #!share): defined as globals in every later run.</summary>
    public IReadOnlyDictionary<string, JsonElement> SharedValues
    {
        get { lock (_gate) return new Dictionary<string, JsonElement>(_shared); }
    }

    /// <summary>The exported variables the last run sent back.</summary>
    public IReadOnlyDictionary<string, JsonElement> Variables
    {
        get { lock (_gate) return _variables; }
    }

    public void Share(string name, JsonElement value)
    {
        CellProgram.ValidateVariableName(name);
        lock (_gate)
            _shared[name] = value;
    }

    /// <summary>Every name the last run defined, with its Python type (exported or not).</summary>
    public IReadOnlyDictionary<string, string> TypeNames
    {
        get { lock (_gate) return _typeNames; }
    }

    /// <summary>Exported names the last run could not send back, and why.</summary>
    public IReadOnlyList<NotCarriedValue> NotSent
    {
        get { lock (_gate) return _notSent; }
    }

    /// <summary>
    /// Takes what a run reported. Exported values stay available to later cells until a cell defines the name again
    /// without exporting it (then the old value would be stale) or <c>#!lyceum reset</c>; the types of every name
    /// defined so far are kept for completions and messages.
    /// </summary>
    public void MergeVariables(VariablesFrame frame)
    {
        lock (_gate)
        {
            var variables = new Dictionary<string, JsonElement>(_variables, StringComparer.Ordinal);
            var typeNames = new Dictionary<string, string>(_typeNames, StringComparer.Ordinal);
            foreach (var (name, type) in frame.TypeNames)
            {
                typeNames[name] = type;
                variables.Remove(name);
            }
            foreach (var (name, value) in frame.Values)
                variables[name] = value;
            // This also keeps the last sweep's results (SweepValueName) until another sweep or a cell's variable of that name replaces them.
            _variables = variables;
            _typeNames = typeNames;
            _notSent = frame.Skipped;
        }
    }

    /// <summary>The name under which a sweep's results are readable from other kernels.</summary>
    public const string SweepValueName = "sweep";

    /// <summary>Makes a sweep's results readable as <see cref="SweepValueName"/> (<c>#!set --value @kernel:sweep</c>).</summary>
    public void SetSweep(JsonElement rows)
    {
        lock (_gate)
        {
            _variables = new Dictionary<string, JsonElement>(_variables, StringComparer.Ordinal) { [SweepValueName] = rows };
            _typeNames = new Dictionary<string, string>(_typeNames, StringComparer.Ordinal) { [SweepValueName] = "list" };
        }
    }

    /// <summary>Forgets the session state, the shared values and the variables (<c>#!lyceum reset</c>).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            SessionState = null;
            _shared.Clear();
            _variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            _typeNames = new Dictionary<string, string>(StringComparer.Ordinal);
            _notSent = [];
        }
    }
}
