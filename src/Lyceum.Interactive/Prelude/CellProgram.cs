using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lyceum.Interactive.Prelude;

/// <summary>
/// Turns a notebook cell into the parts of a plain Lyceum run: a small bootstrap as the run's
/// <c>code</c>, and the prelude, the cell's code and its inputs as <c>import_files</c>.
/// Nothing here needs a server feature beyond the documented API.
/// </summary>
internal static partial class CellProgram
{
    /// <summary>The run-folder relative folder every prelude file goes into.</summary>
    public const string Folder = "lyceum_cell";

    /// <summary>The module name the prelude is imported under (session state refers to it).</summary>
    public const string PreludeModule = "lyceum_prelude";

    private const string BackendModule = "lyceum_mpl_backend";
    private const string InputsFile = "inputs.json";
    private const string SessionFile = "session.b64";

    private static readonly Lazy<string> Prelude = new(() => ReadResource("prelude.py"));
    private static readonly Lazy<string> Backend = new(() => ReadResource(BackendModule + ".py"));

    private static readonly HashSet<string> PythonKeywords =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];

    /// <summary>A fresh per-run secret for the output frames: 128 random bits as 32 hex digits.</summary>
    public static string NewNonce() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>Builds the run's <c>code</c> and <c>import_files</c> for one cell.</summary>
    /// <param name="userCode">The cell's Python code, without the kernel's directive lines.</param>
    /// <param name="cellName">The file name tracebacks show, e.g. <c>cell-3.py</c> (".py" is added when missing).</param>
    /// <param name="nonce">The run's secret from <see cref="NewNonce"/>; the same one goes to <see cref="FrameDecoder"/>.</param>
    /// <param name="sharedValues">Values defined as Python globals before the cell runs (see <see cref="SharedValueEncoder"/>).</param>
    /// <param name="sessionState">The state a previous run's <see cref="SessionFrame"/> returned, or null.</param>
    /// <param name="options">Session mode, caps and the figure format.</param>
    public static CellRunParts Build(
        string userCode,
        string cellName,
        string nonce,
        IReadOnlyDictionary<string, JsonElement>? sharedValues,
        byte[]? sessionState,
        CellOptions options)
    {
        ArgumentNullException.ThrowIfNull(userCode);
        ArgumentNullException.ThrowIfNull(options);
        var fileName = ValidCellName(cellName);
        ValidateNonce(nonce);
        if (options.VariablesCapBytes < 0 || options.SessionCapBytes <= 0)
        {
            throw new ArgumentException(
                $"The caps must be positive (variables {options.VariablesCapBytes} bytes, session {options.SessionCapBytes} bytes): set a size in bytes, e.g. {CellOptions.Megabyte} for 1 MB.",
                nameof(options));
        }
        if (options.SessionCapBytes > CellOptions.MaxSessionCapBytes)
        {
            throw new ArgumentException(
                $"A session cap of {options.SessionCapBytes} bytes cannot travel: the service accepts run requests up to {CellOptions.ServiceRequestLimitBytes / CellOptions.Megabyte} MB, so the state can be at most {CellOptions.MaxSessionCapBytes} bytes (11.25 MB).",
                nameof(options));
        }
        ValidateExports(options.Exports);
        foreach (var name in sharedValues?.Keys ?? [])
        {
            ValidateVariableName(name);
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"{Folder}/{PreludeModule}.py"] = Prelude.Value,
            [$"{Folder}/{BackendModule}.py"] = Backend.Value,
            [$"{Folder}/{fileName}"] = userCode,
            [$"{Folder}/{InputsFile}"] = InputsJson(fileName, nonce, sharedValues, options),
        };
        if (options.Session && sessionState is { Length: > 0 })
        {
            files[$"{Folder}/{SessionFile}"] = Convert.ToBase64String(sessionState);
        }
        return new CellRunParts(Bootstrap(fileName, options.Session), files);
    }

    /// <summary>Throws unless <paramref name="name"/> can be a Python global.</summary>
    public static void ValidateVariableName(string name)
    {
        if (!IsPythonName(name))
        {
            throw new ArgumentException(
                $"'{name}' cannot be a Python variable name: use letters, digits and underscores, not starting with a digit, and not a Python keyword.",
                nameof(name));
        }
    }

    /// <summary>Throws unless every export is a Python name or <c>*</c>; the message shows how to write the option.</summary>
    public static void ValidateExports(IReadOnlyList<string> exports)
    {
        ArgumentNullException.ThrowIfNull(exports);
        foreach (var name in exports)
        {
            if (name == CellOptions.ExportAll)
            {
                continue;
            }
            if (!IsPythonName(name))
            {
                throw new ArgumentException(
                    $"--export '{name}' is not a Python variable name: list top-level names separated by commas, e.g. --export df,metrics, or --export * for every value.",
                    nameof(exports));
            }
        }
    }

    private static bool IsPythonName(string name) =>
        !string.IsNullOrEmpty(name) && IdentifierPattern().IsMatch(name) && !PythonKeywords.Contains(name);

    private static string ValidCellName(string cellName)
    {
        ArgumentNullException.ThrowIfNull(cellName);
        var name = cellName.EndsWith(".py", StringComparison.Ordinal) ? cellName : cellName + ".py";
        if (!CellNamePattern().IsMatch(name) || name is $"{PreludeModule}.py" or $"{BackendModule}.py")
        {
            throw new ArgumentException(
                $"'{cellName}' cannot name a cell file: use letters, digits, '-', '_' and '.', e.g. cell-3.py (and not {PreludeModule}.py or {BackendModule}.py).",
                nameof(cellName));
        }
        return name;
    }

    private static void ValidateNonce(string nonce)
    {
        if (nonce is null || !NoncePattern().IsMatch(nonce))
        {
            throw new ArgumentException(
                "The frame nonce must be 16 to 128 letters or digits: make one with CellProgram.NewNonce().",
                nameof(nonce));
        }
    }

    private static string InputsJson(
        string fileName, string nonce, IReadOnlyDictionary<string, JsonElement>? sharedValues, CellOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("nonce", nonce);
            writer.WriteString("cell", fileName);
            writer.WriteBoolean("session", options.Session);
            writer.WriteNumber("variables_cap", options.VariablesCapBytes);
            writer.WriteNumber("session_cap", options.SessionCapBytes);
            writer.WriteStartArray("exports");
            foreach (var name in options.Exports)
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
            writer.WriteString("figure_format", options.FigureFormat == FigureFormat.Svg ? "svg" : "png");
            writer.WriteString("kernel", options.KernelName);
            if (options.Storage is { } storage)
                WriteStorage(writer, storage);
            writer.WriteStartObject("values");
            foreach (var (name, value) in sharedValues ?? new Dictionary<string, JsonElement>())
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // What the prelude puts in the run process's environment; the secret and the token are in no other place.
    private static void WriteStorage(Utf8JsonWriter writer, Lyceum.Client.StorageCredentials storage)
    {
        writer.WriteStartObject("storage");
        writer.WriteStartObject("environment");
        foreach (var (name, value) in StorageAccess.Variables(storage))
        {
            if (!string.IsNullOrEmpty(value))
                writer.WriteString(name, value);
        }
        writer.WriteEndObject();
        if (storage.ExpiresAt is { } expires)
            writer.WriteString("expires_at", expires.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    // The run's code stays tiny and readable in the run history; everything else is in import_files.
    // It looks for the files in the working folder first, then next to itself and on sys.path,
    // because where a service unpacks import_files is not documented.
    private static string Bootstrap(string fileName, bool session) => $$"""
        # Lyceum notebook cell: runs {{fileName}} through the Lyceum prelude (rich output, shared values{{(session ? ", session state" : "")}}).
        import os as _os, sys as _sys
        if _sys.version_info < (3, 8):
            raise SystemExit("lyceum: remote cells need Python 3.8 or newer; this machine has " + _sys.version.split()[0])
        def _lyceum_folder():
            places = [_os.getcwd()]
            if "__file__" in globals():
                places.append(_os.path.dirname(_os.path.abspath(__file__)))
            for place in places + _sys.path:
                folder = _os.path.join(place or ".", "{{Folder}}")
                if _os.path.isfile(_os.path.join(folder, "{{PreludeModule}}.py")):
                    return folder
            raise SystemExit("lyceum: the cell's files ({{Folder}}/) are not in the run folder: the run's import_files were not applied")
        _sys.path.insert(0, _lyceum_folder())
        import {{PreludeModule}}
        _sys.exit({{PreludeModule}}.main())

        """;

    private static string ReadResource(string name)
    {
        var resource = $"Lyceum.Interactive.Prelude.{name}";
        using var stream = typeof(CellProgram).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from Lyceum.Interactive: rebuild the package.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,96}\\.py$")]
    private static partial Regex CellNamePattern();

    [GeneratedRegex("^[A-Za-z0-9]{16,128}$")]
    private static partial Regex NoncePattern();
}
