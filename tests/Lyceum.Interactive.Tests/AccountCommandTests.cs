using System.Text.RegularExpressions;
using Lyceum.Client;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

public sealed partial class AccountCommandTests : IClassFixture<LocalServerFixture>
{
    private readonly LocalServerFixture _local;

    public AccountCommandTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
    }

    [Fact]
    public async Task login_by_api_key_from_a_password_prompt_shows_who_you_are_and_never_the_key()
    {
        using var notebook = new Notebook(client: null).AnswerPrompts();
        notebook.Answers["Lyceum API key"] = _local.Server.ApiKey;

        var login = await notebook.SubmitAsync($"#!lyceum login --api-key @password:\"Lyceum API key\" --url {_local.Server.BaseUrl}");
        login.Succeeded();
        Assert.EndsWith("|password|True", notebook.Prompts.Single());
        Assert.Contains("an API key", login.Html());
        var after = await notebook.SubmitAsync("#!lyceum status\n#!lyceum credits\n#!lyceum keys");
        after.Succeeded();

        AssertNoSecrets([login, after], _local.Server.ApiKey);
    }

    [Fact]
    public async Task login_by_email_and_password_shows_the_email_and_never_the_password_or_a_token()
    {
        using var notebook = new Notebook(client: null).AnswerPrompts();
        notebook.Answers["Lyceum password"] = _local.Server.Password;

        var login = await notebook.SubmitAsync(
            $"#!lyceum login --email {_local.Server.Email} --password @password:\"Lyceum password\" --url {_local.Server.BaseUrl}");
        login.Succeeded();
        Assert.Contains(_local.Server.Email, login.Html());
        var after = await notebook.SubmitAsync("#!lyceum status\n#!lyceum credits\n#!lyceum history");
        after.Succeeded();
        Assert.Contains(_local.Server.Email, after.Formatted("text/html")[0]);

        AssertNoSecrets([login, after], _local.Server.Password);
    }

    [Fact]
    public async Task a_token_credential_is_never_shown()
    {
        using var anonymous = _local.NewClient();
        var tokens = await anonymous.Auth.LoginAsync(_local.Server.Email, _local.Server.Password);
        using var notebook = new Notebook(new LyceumClient(LyceumCredential.FromToken(tokens.AccessToken), new LyceumClientOptions { Endpoint = _local.Server.BaseUrl }));

        var result = await notebook.SubmitAsync("#!lyceum status\n#!lyceum credits\n#!lyceum files\n#!lyceum keys");
        result.Succeeded();
        AssertNoSecrets([result], tokens.AccessToken, tokens.RefreshToken);
    }

    [Fact]
    public async Task login_with_a_wrong_key_fails_with_the_services_words_and_without_the_key()
    {
        using var notebook = new Notebook(client: null);
        const string wrong = "lk_wrong_0123456789abcdef";
        var result = await notebook.SubmitAsync($"#!lyceum login --api-key {wrong} --url {_local.Server.BaseUrl}");
        var failed = result.Failed();
        Assert.Contains("refused", failed.Message);
        Assert.DoesNotContain(wrong, failed.Message);
    }

    [Fact]
    public async Task login_without_a_credential_says_what_to_give()
    {
        using var notebook = new Notebook(client: null);
        var failed = (await notebook.SubmitAsync($"#!lyceum login --url {_local.Server.BaseUrl}")).Failed();
        Assert.Contains("--api-key @password:", failed.Message);
    }

    [Fact]
    public async Task status_shows_health_version_who_you_are_the_default_machine_and_rate_limits()
    {
        using var notebook = new Notebook(_local.NewClient());
        (await notebook.SubmitAsync("#!lyceum credits")).Succeeded();
        var result = await notebook.SubmitAsync("#!lyceum status");
        result.Succeeded();
        var html = result.Html();
        Assert.Contains("healthy", html);
        Assert.Contains("an API key", html);
        Assert.Contains("<code>cpu</code>", html);
        Assert.Contains("of", html);
        Assert.Contains("left", html);
        var text = Assert.Single(result.Formatted("text/plain"));
        Assert.Contains("Version:", text);
        Assert.Contains("Rate limit billing", text);
    }

    [Fact]
    public async Task credits_show_the_remaining_credits_prominently_then_free_purchased_and_used()
    {
        using var notebook = new Notebook(_local.NewClient());
        var result = await notebook.SubmitAsync("#!lyceum credits");
        result.Succeeded();
        var html = result.Html();
        Assert.Matches("<div class=\"big\">[0-9.]+</div>", html);
        Assert.Contains("Monthly free", html);
        Assert.Contains("Purchased", html);
        Assert.Contains("Used", html);
        Assert.StartsWith("<div class=\"lyceum\"><style>", html);
        Assert.Contains("Lyceum credits remaining: 20", Assert.Single(result.Formatted("text/plain")));
    }

    [Fact]
    public async Task logout_forgets_the_credential_and_later_commands_ask_to_log_in()
    {
        using var notebook = new Notebook(_local.NewClient());
        (await notebook.SubmitAsync("#!lyceum logout")).Succeeded();
        var failed = (await notebook.SubmitAsync("#!lyceum credits")).Failed();
        Assert.Contains("Not logged in", failed.Message);
    }

    [Fact]
    public async Task keys_create_shows_the_new_key_once_and_the_list_shows_only_its_prefix()
    {
        using var notebook = new Notebook(_local.NewClient());
        var created = await notebook.SubmitAsync("#!lyceum keys --create notebook-test-key");
        created.Succeeded();
        var secret = LyceumKeyPattern().Match(created.Html()).Value;
        Assert.StartsWith("lk_", secret);

        var list = await notebook.SubmitAsync("#!lyceum keys");
        list.Succeeded();
        var html = list.Html();
        Assert.Contains("notebook-test-key", html);
        Assert.DoesNotContain(secret, html);
        Assert.DoesNotContain(secret, string.Concat(list.Formatted("text/plain")));
    }

    private static void AssertNoSecrets(IEnumerable<Microsoft.DotNet.Interactive.KernelCommandResult> results, params string[] secrets)
    {
        foreach (var visible in results.SelectMany(r => r.Visible()))
        {
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, visible);
            Assert.DoesNotMatch(JwtPattern(), visible);
        }
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")]
    private static partial Regex JwtPattern();

    [GeneratedRegex(@"lk_[A-Za-z0-9_\-]{16,}")]
    private static partial Regex LyceumKeyPattern();

    [Fact]
    public async Task with_LYCEUM_API_KEY_set_logout_says_what_it_does_and_login_alone_signs_in_with_it_again()
    {
        var saved = Environment.GetEnvironmentVariable("LYCEUM_API_KEY");
        Environment.SetEnvironmentVariable("LYCEUM_API_KEY", _local.Server.ApiKey);
        try
        {
            using var notebook = new Notebook(_local.NewClient());

            var logout = await notebook.SubmitAsync("#!lyceum logout");
            logout.Succeeded();
            Assert.Contains("LYCEUM_API_KEY is still set", string.Concat(logout.Formatted("text/plain")));
            var refused = (await notebook.SubmitAsync("#!lyceum credits")).Failed();
            Assert.Contains("Run #!lyceum login to sign in again with LYCEUM_API_KEY", refused.Message);
            Assert.DoesNotContain("set LYCEUM_API_KEY", refused.Message);

            var login = await notebook.SubmitAsync("#!lyceum login");
            login.Succeeded();
            Assert.StartsWith($"Logged in to {_local.Server.BaseUrl} with an API key.", string.Concat(login.Formatted("text/plain")));
            Assert.DoesNotContain(login.Visible(), v => v.Contains(_local.Server.ApiKey));
            (await notebook.SubmitAsync("#!lyceum credits")).Succeeded();
        }
        finally
        {
            Environment.SetEnvironmentVariable("LYCEUM_API_KEY", saved);
        }
    }

    [Fact]
    public async Task login_alone_without_LYCEUM_API_KEY_says_how_to_log_in_headless_too()
    {
        var saved = (Environment.GetEnvironmentVariable("LYCEUM_API_KEY"), Environment.GetEnvironmentVariable("LYCEUM_API_TOKEN"));
        Environment.SetEnvironmentVariable("LYCEUM_API_KEY", null);
        Environment.SetEnvironmentVariable("LYCEUM_API_TOKEN", null);
        try
        {
            using var notebook = new Notebook(client: null);

            var failed = (await notebook.SubmitAsync("#!lyceum login")).Failed();

            Assert.StartsWith("Give a credential: #!lyceum login --api-key", failed.Message);
            Assert.EndsWith("set LYCEUM_API_KEY before starting and run #!lyceum login alone.", failed.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LYCEUM_API_KEY", saved.Item1);
            Environment.SetEnvironmentVariable("LYCEUM_API_TOKEN", saved.Item2);
        }
    }
}
