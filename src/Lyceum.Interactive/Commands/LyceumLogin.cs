using Lyceum.Client;
using Lyceum.Interactive.Diagnostics;
using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum login</c>: signs the notebook in with an API key, or an email and password. The secrets are cleared from the command once read.</summary>
[Subcommand("login", "Log in with an API key, or an email and password")]
public sealed class LyceumLogin : LyceumSubcommand
{
    /// <summary>--api-key: an API key (lk_…).</summary>
    [Option("An API key (lk_…); use @password:\"Lyceum API key\" to be asked", TypeHint = "password")]
    public string? ApiKey { get; set; }

    /// <summary>--email: the account's email (with --password).</summary>
    [Option("The account's email (with --password)")]
    public string? Email { get; set; }

    /// <summary>--password: the account's password (with --email).</summary>
    [Option("The account's password; use @password:\"Password\" to be asked", TypeHint = "password")]
    public string? Password { get; set; }

    /// <summary>--url: the service, e.g. http://127.0.0.1:8080 (a bare host gets /api/v2/external).</summary>
    [Option("The service, e.g. https://api.lyceum.technology or http://127.0.0.1:8080")]
    public string? Url { get; set; }

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        // Read the secrets and clear them from the command at once: events carry their command, and a front end may
        // serialize or log it.
        var (apiKey, email, password) = (Blank(ApiKey), Blank(Email), Blank(Password));
        (ApiKey, Password) = (null, null);

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
        var connection = lyceum.Connection;
        var endpoint = Url is { Length: > 0 } url ? ParseUrl(url) : connection.Client?.Endpoint ?? connection.LastEndpoint;
        var client = new LyceumClient(credential, ExtensionLog.ClientOptions(endpoint));
        CreditBalance balance;
        try
        {
            balance = await client.Billing.GetCreditsAsync(lyceum.CancellationToken).ConfigureAwait(false);
        }
        catch (LyceumApiException e) when (e.StatusCode is 401 or 403)
        {
            client.Dispose();
            throw new LyceumCommandException($"Lyceum at {client.Endpoint} refused the credential ({AccountView.Describe(credential.Kind)}): {LyceumCommands.Sentence(e.Detail)} Check it and log in again.");
        }
        catch (LyceumApiException e) when (e.StatusCode == 404 && Url is { Length: > 0 })
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
        connection.Use(client, email, owns: true);
        lyceum.Output.Show(new AccountView(client.Endpoint, credential.Kind, email, balance.RemainingCredits));
    }

    private static Uri ParseUrl(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new LyceumCommandException($"--url '{url}' is not an http(s) URL: give e.g. https://api.lyceum.technology or http://127.0.0.1:8080.");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
