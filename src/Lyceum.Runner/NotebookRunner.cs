namespace Lyceum.Runner;

/// <summary>One run: tool, extension feed, service, host, the cells in order, the executed notebook, the verdict.</summary>
internal sealed class NotebookRunner(
    RunnerOptions options,
    ConsoleReporter reporter,
    Func<string, string?> environment,
    ILyceumServiceLauncher? launcher,
    TimeProvider time)
{
    /// <summary>How long the host may take to report KernelReady (it loads Roslyn and F# on start).</summary>
    public TimeSpan HostReadyTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var notebook = NotebookFile.Load(options.NotebookPath);
        var outputPath = Path.GetFullPath(options.OutputPath ?? NotebookFile.DefaultOutputPath(notebook.Path));
        var notebookFolder = Path.GetDirectoryName(notebook.Path)!;
        var root = RepositoryRoot.Find(options.RepositoryRoot, Environment.CurrentDirectory, notebookFolder, AppContext.BaseDirectory);
        var home = RunnerHome.Folder(environment);
        var sources = notebook.Document.Elements
            .Where(e => !string.Equals(e.KernelName, "markdown", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Contents ?? "")
            .ToList();
        var usesLyceum = sources.Any(LyceumPackageReference.IsReferencedBy);

        reporter.Info(root is null
            ? $"Restoring the pinned dotnet-interactive tool in {Path.Combine(home, "host")}"
            : $"Restoring the pinned dotnet-interactive tool in {root}");
        var toolFolder = await InteractiveTool.PrepareAsync(root, home, cancellationToken);

        var feed = usesLyceum ? await ResolveFeedAsync(root, home, cancellationToken) : null;
        launcher ??= new EmbeddedLyceumLocal(
            options.Python, options.PipArgs ?? EmbeddedLyceumLocal.DefaultPipArgs(notebook.Path, sources, EmbeddedLyceumLocal.BundledWheels));
        await using var endpoint = await ResolveEndpointAsync(usesLyceum, launcher, cancellationToken);

        // The key the notebook is given is also the answer to a login cell's @password prompt for --api-key; it is
        // masked wherever output (or --verbose's protocol log) would show it.
        var promptKey = endpoint?.ApiKey ?? NonEmpty(environment("LYCEUM_API_KEY"));
        var redactor = new SecretRedactor();
        redactor.Add(endpoint?.ApiKey);
        redactor.Add(promptKey);
        var cells = NotebookCell.Plan(notebook.Document, notebook.Kernels.DefaultKernelName ?? "csharp", feed);
        foreach (var cell in cells.Where(c => c.IsRunnable))
        {
            // Outputs saved in the input belong to an earlier run; a cell that does not run now shows none.
            cell.Element.Outputs.Clear();
            cell.Element.ExecutionOrder = 0;
            CellTags.StoreInMetadata(cell.Element);
        }

        reporter.Info($"Starting dotnet-interactive (stdio) for {notebook.Path}");
        Action<string>? protocolLog = options.Verbose ? line => reporter.Protocol(redactor.Redact(line)) : null;
        await using var host = await StdioKernelHost.StartAsync(
            toolFolder, notebookFolder, HostEnvironment(endpoint), HostReadyTimeout, protocolLog, cancellationToken);

        var executor = new CellExecutor(host, reporter, redactor, options.CellTimeout, time) { Requests = new HostRequests(promptKey) };
        var results = await RunCellsAsync(cells, executor, reporter, cancellationToken);

        notebook.Write(outputPath);
        reporter.Info($"Wrote the executed notebook to {outputPath}");
        return Report(RunSummary.Of(results));
    }

    /// <summary>Runs the code cells in order and stops at the first that does not pass, as Jupyter's nbconvert does.</summary>
    internal static async Task<IReadOnlyList<CellResult>> RunCellsAsync(
        IReadOnlyList<NotebookCell> cells, CellExecutor executor, ConsoleReporter reporter, CancellationToken cancellationToken = default)
    {
        var results = new List<CellResult>();
        foreach (var cell in cells.Where(c => c.IsRunnable))
        {
            if (results.Any(r => !r.Passed) || !executor.HostUsable)
            {
                results.Add(new CellResult(cell, CellStatus.NotRun, null, TimeSpan.Zero));
                continue;
            }

            var result = await executor.RunAsync(cell, cancellationToken);
            reporter.CellFinished(result);
            results.Add(result);
        }

        return results;
    }

    private int Report(RunSummary summary)
    {
        var elapsed = ConsoleReporter.FormatElapsed(reporter.Elapsed);
        if (summary.FailureMessage is not { } failure)
        {
            reporter.Info($"All {summary.CellsRun} code cells succeeded in {elapsed}.");
            return summary.ExitCode;
        }

        reporter.Error(failure);
        if (summary.CellsNotRun > 0)
        {
            reporter.Error($"{summary.CellsNotRun} later code cell(s) were not run.");
        }

        return summary.ExitCode;
    }

    /// <summary>
    /// Where the extension comes from: <c>--extension-feed DIR</c>; else, inside the repository, a pack of its sources
    /// (reused while they are unchanged); else the user's NuGet sources, with the notebook's lines as written (null).
    /// </summary>
    private async Task<ExtensionFeed?> ResolveFeedAsync(string? root, string home, CancellationToken cancellationToken)
    {
        if (options.ExtensionFeed is { } folder)
        {
            var given = ExtensionFeed.FromFolder(folder, ExtensionFeed.RunnerVersion);
            reporter.Info($"Loading Lyceum.Interactive {given.Version} from {given.Directory}");
            return given;
        }

        if (root is null)
        {
            reporter.Info("Loading Lyceum.Interactive from your NuGet sources as the notebook names it (--extension-feed DIR for a local feed)");
            return null;
        }

        reporter.Info("Packing Lyceum.Interactive and Lyceum.Client from the repository's sources (skipped while they are unchanged)");
        var (feed, reused) = await SourcePacker.GetOrPackAsync(root, home, cancellationToken);
        reporter.Info(reused
            ? $"The sources are unchanged: reusing version {feed.Version} in {feed.Directory}"
            : $"Packed version {feed.Version} into {feed.Directory}");
        return feed;
    }

    private async Task<LyceumEndpoint?> ResolveEndpointAsync(bool usesLyceum, ILyceumServiceLauncher launcher, CancellationToken cancellationToken)
    {
        var url = options.ApiUrl ?? NonEmpty(environment("LYCEUM_API_URL"));
        if (url is not null)
        {
            reporter.Info($"Using the Lyceum API at {url}");
            return new LyceumEndpoint(url, options.ApiKey ?? NonEmpty(environment("LYCEUM_API_KEY")));
        }

        if (!usesLyceum)
        {
            reporter.Info("The notebook does not load Lyceum.Interactive; no Lyceum service is started.");
            return null;
        }

        reporter.Info("Starting an embedded Lyceum Local");
        var endpoint = await launcher.StartAsync(
            line => { if (options.Verbose) { reporter.Protocol("[lyceum-local] " + line); } },
            cancellationToken);
        reporter.Info($"Lyceum Local is listening on {endpoint.Url}");
        return endpoint;
    }

    private static Dictionary<string, string?> HostEnvironment(LyceumEndpoint? endpoint)
    {
        var variables = new Dictionary<string, string?>();
        if (endpoint is not null)
        {
            variables["LYCEUM_API_URL"] = endpoint.Url;
            variables["LYCEUM_API_KEY"] = endpoint.ApiKey;
            if (endpoint.IsEmbedded)
            {
                // A cloud token from the user's shell must not override the embedded server's key.
                variables["LYCEUM_API_TOKEN"] = null;
            }
        }

        return variables;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
