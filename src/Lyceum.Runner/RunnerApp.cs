namespace Lyceum.Runner;

/// <summary>The command line entry point, callable in-process by tests.</summary>
internal static class RunnerApp
{
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter diagnostics,
        Func<string, string?> environment,
        ILyceumServiceLauncher? launcher = null,
        CancellationToken cancellationToken = default)
    {
        var reporter = new ConsoleReporter(output, diagnostics, TimeProvider.System);
        try
        {
            if (RunnerOptions.Parse(args) is not { } options)
            {
                output.WriteLine(RunnerOptions.Usage);
                return RunSummary.ExitSuccess;
            }

            var runner = new NotebookRunner(options, reporter, environment, launcher, TimeProvider.System);
            return await runner.RunAsync(cancellationToken);
        }
        catch (RunnerUsageException e)
        {
            reporter.Error(e.Message);
            return RunSummary.ExitUsage;
        }
        catch (RunnerSetupException e)
        {
            reporter.Error(e.Message);
            return RunSummary.ExitSetup;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reporter.Error("Interrupted.");
            return RunSummary.ExitInterrupted;
        }
    }
}
