using System.Globalization;

namespace Lyceum.Runner;

/// <summary>The runner's command line, parsed and checked.</summary>
internal sealed record RunnerOptions
{
    public const string Usage = """
        Usage: lyceum-runner NOTEBOOK [options]
           (from the repository: dotnet run --project src/Lyceum.Runner -- NOTEBOOK [options])

        Runs a .ipynb or .dib notebook through the real dotnet-interactive host, prints each cell's
        output live, writes the executed notebook and exits 0 only when every cell succeeded.

        Options:
          --out FILE          where to write the executed notebook (default: NAME.out.ipynb beside NOTEBOOK)
          --url URL           Lyceum API to use instead of an embedded Lyceum Local (or set LYCEUM_API_URL)
          --api-key KEY       API key for --url (or set LYCEUM_API_KEY)
          --cell-timeout S    cancel and fail a cell that runs longer than S seconds (default 600)
          --python PATH       the interpreter the embedded Lyceum Local runs Python with (default python3)
          --pip-args "ARGS"   extra pip options for the embedded Lyceum Local (default: "--no-index --find-links
                              NOTEBOOK_FOLDER/wheels" when that folder exists; "" for plain PyPI)
          --extension-feed DIR  load Lyceum.Interactive from this folder of packages (e.g. `dotnet pack -o DIR`)
                              instead of your NuGet sources or, inside the repository, a pack of its sources
          --repo-root DIR     the repository to pack the extension from (found by walking up; none: NuGet sources)
          --verbose           print the raw stdio protocol to stderr
          -h, --help          show this help
        """;

    public required string NotebookPath { get; init; }

    public string? OutputPath { get; init; }

    public string? ApiUrl { get; init; }

    public string? ApiKey { get; init; }

    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(600);

    public string? RepositoryRoot { get; init; }

    public string? ExtensionFeed { get; init; }

    public string? Python { get; init; }

    public string? PipArgs { get; init; }

    public bool Verbose { get; init; }

    /// <summary>Parses the arguments; returns null when help was asked for.</summary>
    /// <exception cref="RunnerUsageException">The arguments are wrong; the message says how.</exception>
    public static RunnerOptions? Parse(IReadOnlyList<string> args)
    {
        string? notebook = null, output = null, url = null, key = null, root = null, python = null, pipArgs = null, feed = null;
        var timeout = TimeSpan.FromSeconds(600);
        var verbose = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    return null;
                case "--verbose":
                    verbose = true;
                    break;
                case "--out":
                    output = ValueOf(args, ref i);
                    break;
                case "--url":
                    url = ValueOf(args, ref i);
                    break;
                case "--api-key":
                    key = ValueOf(args, ref i);
                    break;
                case "--repo-root":
                    root = ValueOf(args, ref i);
                    break;
                case "--extension-feed":
                    feed = ValueOf(args, ref i);
                    break;
                case "--python":
                    python = ValueOf(args, ref i);
                    break;
                case "--pip-args":
                    pipArgs = ValueOf(args, ref i, allowDashes: true);
                    break;
                case "--cell-timeout":
                    timeout = ParseTimeout(ValueOf(args, ref i));
                    break;
                case var _ when arg.StartsWith('-'):
                    throw new RunnerUsageException($"Unknown option '{arg}'. Run with --help to see the options.");
                case var _ when notebook is null:
                    notebook = arg;
                    break;
                default:
                    throw new RunnerUsageException($"Only one notebook can be run at a time, but '{notebook}' and '{arg}' were given.");
            }
        }

        if (notebook is null)
        {
            throw new RunnerUsageException("Name the notebook to run, e.g. notebooks/quickstart.ipynb.");
        }

        if (key is not null && url is null)
        {
            throw new RunnerUsageException(
                "--api-key needs --url: without a URL the runner starts an embedded Lyceum Local and makes its own key.");
        }

        if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw new RunnerUsageException($"--url '{url}' is not an absolute URL; use e.g. https://api.lyceum.technology/api/v2/external.");
        }

        return new RunnerOptions
        {
            NotebookPath = notebook,
            OutputPath = output,
            ApiUrl = url,
            ApiKey = key,
            CellTimeout = timeout,
            RepositoryRoot = root,
            ExtensionFeed = feed,
            Python = python,
            PipArgs = pipArgs,
            Verbose = verbose,
        };
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i, bool allowDashes = false)
    {
        // pip's own options start with dashes, so --pip-args takes the next argument whatever it looks like.
        if (i + 1 >= args.Count || (!allowDashes && args[i + 1].StartsWith("--", StringComparison.Ordinal)))
        {
            throw new RunnerUsageException($"{args[i]} needs a value.");
        }

        return args[++i];
    }

    private static TimeSpan ParseTimeout(string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            throw new RunnerUsageException($"--cell-timeout '{value}' is not a positive number of seconds.");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
