using Lyceum.Client;
using Lyceum.Interactive.Diagnostics;
using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum status</c>: service health and version, who you are, the default machine, rate limits.</summary>
[Subcommand("status", "Service health and version, who you are, the default machine, rate limits")]
public sealed class LyceumStatus : LyceumSubcommand
{
    /// <summary><c>--verbose</c>: also show the extension's recent log lines.</summary>
    [Option("Also show the extension's recent log: requests, retries, rate-limit waits")]
    public bool Verbose { get; set; }

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var connection = lyceum.Connection;
        var client = connection.Client;
        var machine = lyceum.DefaultSettings.Machine;
        if (client is null)
        {
            lyceum.Output.Show(new StatusView { Endpoint = connection.LastEndpoint ?? LyceumClientOptions.DefaultEndpoint, DefaultMachine = machine, Checked = false, HealthError = "log in first", Spending = connection.Budget.Describe() });
            if (Verbose)
                ShowRecentLog(lyceum.Output);
            return;
        }
        var ct = lyceum.CancellationToken;
        var view = new StatusView { Endpoint = client.Endpoint, DefaultMachine = machine, Who = Who(connection, client), Spending = connection.Budget.Describe() };
        try
        {
            view = view with { Healthy = await client.Health.PingAsync(ct).ConfigureAwait(false) };
            view = view with { Version = await client.Health.GetVersionAsync(ct).ConfigureAwait(false) };
        }
        catch (LyceumException e)
        {
            // The notebook's words ("Could not reach Lyceum: …", the service's sentence), not the API's "HTTP 503 (…)" framing.
            view = view with { HealthError = LyceumCommands.Sentence(LyceumCommands.Describe(e) ?? e.Message).TrimEnd('.') };
        }
        if (view.Healthy)
            view = view with { Machines = await connection.MachinesAsync().ConfigureAwait(false) };
        lyceum.Output.Show(view with { RateLimits = client.RateLimits.Values.OrderBy(r => r.Category, StringComparer.Ordinal).ToList() });
        if (Verbose)
            ShowRecentLog(lyceum.Output);
    }

    // --verbose: the extension's recent diagnostics (requests, retries, rate-limit waits, resumed streams).
    private static void ShowRecentLog(CommandOutput output)
    {
        var lines = ExtensionLog.Shared.Recent;
        output.ShowText(lines.Count == 0
            ? "No Lyceum requests logged yet in this kernel session."
            : $"The last {lines.Count} Lyceum log lines (also on the host's stderr at LYCEUM_LOG_LEVEL, default Warning; see docs/troubleshooting.md):\n"
              + string.Join("\n", lines), "text/plain");
    }

    private static string Who(LyceumConnection connection, LyceumClient client)
    {
        var kind = AccountView.Describe(client.Credential.Kind);
        return connection.Email is { } email ? $"{email} ({kind})" : kind;
    }
}
