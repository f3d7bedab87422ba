namespace Lyceum.Runner;

/// <summary>One run: tool, extension feed, service, host, the cells in order, the executed notebook, the verdict.</summary>
internal sealed class NotebookRunner(
    RunnerOptions options,
    ConsoleReporter reporter,
    Func<string, string?> environment,
    ILyceumServiceLauncher launcher,
    TimeProvider time)
{
    /// <summary>How long the host may take to report KernelReady (it loads Roslyn and F# on start).</summary>
    public TimeSpan HostReadyTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var notebook = NotebookFile.Load(options.NotebookPath);
        var outputPath = Path.GetFullPath(options.OutputPath ?? NotebookFile.DefaultOutputPath(notebook.Path));
        var notebookFolder = Path.GetDirectoryName(notebook.Path)!;
        var root = RepositoryRoot.Locate(options.RepositoryRoot, Environment.CurrentDirectory, notebookFolder, AppContext.BaseDirectory);
        var usesLyceum = notebook.Document.Elements.Any(e => LyceumPackageReference.IsReferencedBy(e.Contents ?? ""));

        reporter.Info($"Restoring the pinned dotnet-interactive tool in {root}");
        await InteractiveTool.RestoreAsync(root, cancellationToken);

        using var feed = usesLyceum ? await PackAsync(root, cancellationToken) : null;
        await using var endpoint = await ResolveEndpointAsync(usesLyceum, cancellationToken);

        var redactor = new SecretRedactor();
        redactor.Add(endpoint?.ApiKey);
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
            root, notebookFolder, HostEnvironment(endpoint), HostReadyTimeout, protocolLog, cancellationToken);

        var executor = new CellExecutor(host, reporter, redactor, options.CellTimeout, time);
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

    private async Task<ExtensionFeed> PackAsync(string root, CancellationToken cancellationToken)
    {
        reporter.Info("Packing Lyceum.Interactive and Lyceum.Client into a local feed");
        var feed = await ExtensionFeed.PackAsync(root, cancellationToken);
        reporter.Info($"Packed version {feed.Version} into {feed.Directory}");
        return feed;
    }

    private async Task<LyceumEndpoint?> ResolveEndpointAsync(bool usesLyceum, CancellationToken cancellationToken)
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
