using Lyceum.Client;
using Lyceum.Interactive.Diagnostics;
using Lyceum.Interactive.Commands;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;

namespace Lyceum.Interactive;

/// <summary>login, logout, status, keys.</summary>
internal sealed partial class LyceumMagic
{
    private async Task LoginAsync(LyceumLogin command, KernelInvocationContext context)
    {
        // Read the secrets and clear them from the command at once: events carry their command, and a front end may
        // serialize or log it.
        var (apiKey, email, password) = (Blank(command.ApiKey), Blank(command.Email), Blank(command.Password));
        (command.ApiKey, command.Password) = (null, null);

        LyceumCredential credential;
        if (apiKey is not null && (email is not null || password is not null))
            throw new LyceumCommandException("Give either --api-key, or --email with --password, not both.");
        if (apiKey is not null)
            credential = LyceumCredential.FromApiKey(apiKey);
        else if (email is not null && password is not null)
            credential = LyceumCredential.FromPassword(email, password);
        else if (email is not null)
            throw new LyceumCommandException("Give the password too: #!lyceum login --email " + email + " --password @password:\"Lyceum password\".");
        else if (password is not null)
            throw new LyceumCommandException("Give the account's email too: --email you@example.com.");
        else
            // No option: the environment's key, so a headless run (no front end to answer @password) can log in too.
            credential = EnvironmentCredential.Find() ?? throw new LyceumCommandException(
                "Give a credential: #!lyceum login --api-key @password:\"Lyceum API key\", or --email you@example.com --password @password:\"Lyceum password\". "
                + "Where nothing can ask for a password (a headless run), set LYCEUM_API_KEY before starting and run #!lyceum login alone.");

        // After a logout the service last used stays the default: a user of Lyceum Local must not be sent to the cloud.
        var endpoint = command.Url is { Length: > 0 } url ? ParseUrl(url) : _connection.Client?.Endpoint ?? _connection.LastEndpoint;
        var client = new LyceumClient(credential, ExtensionLog.ClientOptions(endpoint));
        CreditBalance balance;
        try
        {
            balance = await client.Billing.GetCreditsAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (LyceumApiException e) when (e.StatusCode is 401 or 403)
        {
            client.Dispose();
            throw new LyceumCommandException($"Lyceum at {client.Endpoint} refused the credential ({AccountView.Describe(credential.Kind)}): {LyceumCommands.Sentence(e.Detail)} Check it and log in again.");
        }
        catch (LyceumApiException e) when (e.StatusCode == 404 && command.Url is { Length: > 0 })
        {
            client.Dispose();
            throw new LyceumCommandException($"{client.Endpoint} does not look like the Lyceum API: {LyceumCommands.Sentence(e.Message)} "
                + "Give --url the service's address, e.g. https://api.lyceum.technology or http://127.0.0.1:8080.");
        }
        catch
        {
            client.Dispose();
            throw;
        }
        _connection.Use(client, email, owns: true);
        LyceumCommands.Show(context, new AccountView(client.Endpoint, credential.Kind, email, balance.RemainingCredits));
    }

    private Task LogoutAsync(LyceumLogout command, KernelInvocationContext context)
    {
        var was = _connection.Forget();
        // The environment still holds a credential: say what it does from now on, instead of advising to set it.
        var detail = EnvironmentCredential.Variable is { } variable
            ? $"{variable} is still set: this notebook stays logged out until #!lyceum login (alone, it signs in with {variable} again); a notebook started with it set signs in on its own. Unset it to stay logged out everywhere."
            : "~/.lyceum/config.json, if you have one, is left as it is.";
        LyceumCommands.Show(context, new NoticeView(was ? "Logged out of Lyceum." : "Not logged in; nothing to forget.", detail));
        return Task.CompletedTask;
    }

    private async Task StatusAsync(LyceumStatus command, KernelInvocationContext context)
    {
        var client = _connection.Client;
        var machine = _root.ChildKernels.OfType<LyceumKernel>().FirstOrDefault(k => k.Name == LyceumKernel.DefaultName)?.Settings.Machine ?? "cpu";
        if (client is null)
        {
            LyceumCommands.Show(context, new StatusView { Endpoint = _connection.LastEndpoint ?? LyceumClientOptions.DefaultEndpoint, DefaultMachine = machine, Checked = false, HealthError = "log in first", Spending = _connection.Budget.Describe() });
            if (command.Verbose)
                ShowRecentLog(context);
            return;
        }
        var ct = context.CancellationToken;
        var view = new StatusView { Endpoint = client.Endpoint, DefaultMachine = machine, Who = Who(client), Spending = _connection.Budget.Describe() };
        try
        {
            view = view with { Healthy = await client.Health.PingAsync(ct).ConfigureAwait(false) };
            view = view with { Version = await client.Health.GetVersionAsync(ct).ConfigureAwait(false) };
        }
        catch (LyceumException e)
        {
            view = view with { HealthError = e.Message };
        }
        if (view.Healthy)
            view = view with { Machines = await _connection.MachinesAsync().ConfigureAwait(false) };
        LyceumCommands.Show(context, view with { RateLimits = client.RateLimits.Values.OrderBy(r => r.Category, StringComparer.Ordinal).ToList() });
        if (command.Verbose)
            ShowRecentLog(context);
    }

    /// <summary><c>--verbose</c>: the extension's recent diagnostics (requests, retries, rate-limit waits, resumed streams).</summary>
    private static void ShowRecentLog(KernelInvocationContext context)
    {
        var lines = ExtensionLog.Shared.Recent;
        KernelInvocationContextExtensions.Display(context, lines.Count == 0
            ? "No Lyceum requests logged yet in this kernel session."
            : $"The last {lines.Count} Lyceum log lines (also on the host's stderr at LYCEUM_LOG_LEVEL, default Warning; see docs/troubleshooting.md):\n"
              + string.Join("\n", lines), "text/plain");
    }

    private async Task KeysAsync(LyceumKeys command, KernelInvocationContext context)
    {
        var auth = _connection.Require().Auth;
        var ct = context.CancellationToken;
        if (new[] { command.Create, command.Delete, command.Toggle }.Count(v => v is not null) > 1)
            throw new LyceumCommandException("Give one of --create, --delete and --toggle at a time.");
        if (command.Create is { } name)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new LyceumCommandException("Give the new key a name: #!lyceum keys --create NAME, e.g. --create ci-pipeline.");
            var created = await auth.CreateApiKeyAsync(name, cancellationToken: ct).ConfigureAwait(false);
            LyceumCommands.Show(context, new NewApiKeyView(created));
            return;
        }
        if (command.Delete is { } deleteId)
        {
            await auth.DeleteApiKeyAsync(deleteId, ct).ConfigureAwait(false);
            LyceumCommands.Show(context, new NoticeView($"Deleted API key {deleteId}."));
        }
        else if (command.Toggle is { } toggleId)
        {
            var key = await auth.ToggleApiKeyAsync(toggleId, ct).ConfigureAwait(false);
            LyceumCommands.Show(context, new NoticeView($"API key {key.KeyName} ({key.KeyPrefix}…) is now {(key.IsActive ? "on" : "off")}."));
        }
        LyceumCommands.Show(context, new ApiKeyListView(await auth.ListApiKeysAsync(ct).ConfigureAwait(false)));
    }

    private string Who(LyceumClient client)
    {
        var kind = AccountView.Describe(client.Credential.Kind);
        return _connection.Email is { } email ? $"{email} ({kind})" : kind;
    }

    private static Uri ParseUrl(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new LyceumCommandException($"--url '{url}' is not an http(s) URL: give e.g. https://api.lyceum.technology or http://127.0.0.1:8080.");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
