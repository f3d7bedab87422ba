using System.Text;
using Lyceum.Client;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>Our own SDK against Lyceum Local: the two must agree on the wire.</summary>
public sealed class ClientCompatibilityTests
{
    [Fact]
    public async Task lyceum_client_runs_code_streams_output_and_reads_the_cost_in_credits()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new LyceumClient(LyceumCredential.FromApiKey(server.Server.ApiKey), new LyceumClientOptions { Endpoint = server.Server.BaseUrl });

        var result = await client.RunAsync(new PythonRunRequest("import sys\nprint('to stdout')\nprint('to stderr', file=sys.stderr)"));
        var credits = await client.Billing.GetCreditsAsync();

        Assert.True(result.Succeeded);
        Assert.Equal("to stdout\n", result.Stdout);
        Assert.Equal("to stderr\n", result.Stderr);
        Assert.True(credits.AvailableCredits < 20m);
    }

    [Fact]
    public async Task lyceum_client_uploads_lists_and_downloads_nested_keys()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new LyceumClient(LyceumCredential.FromApiKey(server.Server.ApiKey), new LyceumClientOptions { Endpoint = server.Server.BaseUrl });

        await client.Storage.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes("round trip")), "nested/dir/file.txt");
        var listed = Assert.Single(await client.Storage.ListAsync("nested/"));
        using var downloaded = new MemoryStream();
        await client.Storage.DownloadToAsync("nested/dir/file.txt", downloaded);

        Assert.Equal("nested/dir/file.txt", listed.Key);
        Assert.Equal("round trip", Encoding.UTF8.GetString(downloaded.ToArray()));
    }

    [Fact]
    public async Task lyceum_client_logs_in_with_the_default_account_password()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new LyceumClient(LyceumCredential.FromPassword(server.Server.Email, server.Server.Password), new LyceumClientOptions { Endpoint = server.Server.BaseUrl });

        Assert.Equal(20m, (await client.Billing.GetCreditsAsync()).AvailableCredits);
    }
}
