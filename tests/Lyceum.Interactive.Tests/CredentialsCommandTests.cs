using Amazon.S3;
using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary><c>#!lyceum credentials</c> against Lyceum Local's S3 endpoint.</summary>
public sealed class CredentialsCommandTests : IClassFixture<LocalServerFixture>
{
    private static readonly string[] AwsVariables =
        ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3", "LYCEUM_S3_BUCKET"];

    private readonly LocalServerFixture _local;

    public CredentialsCommandTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
    }

    [Fact]
    public async Task credentials_show_the_endpoint_bucket_region_and_expiry_but_never_the_secret_or_token()
    {
        var recorder = new CredentialRecorder();
        using var notebook = new Notebook(Client(recorder));

        var result = await notebook.SubmitAsync("#!lyceum credentials");

        result.Succeeded();
        var (secret, token) = Assert.Single(recorder.Handed);
        var text = Assert.Single(result.Formatted("text/plain"));
        Assert.Contains($"endpoint: {_local.Server.S3Url.ToString().TrimEnd('/')}", text.Replace("/ (path", " (path"));
        Assert.Matches(@"bucket:   lyceum-\S+", text);
        Assert.Contains("region:   us-east-1", text);
        Assert.Matches(@"expires:  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in \d+ min \d\d s\)", text);
        Assert.Contains("The secret key and session token are not shown", text);
        Assert.DoesNotContain(result.Visible(), v => v.Contains(secret, StringComparison.Ordinal) || v.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task credentials_with_export_env_set_the_aws_variables_an_s3_sdk_reads_and_name_them_without_values()
    {
        var recorder = new CredentialRecorder();
        using var notebook = new Notebook(Client(recorder));
        var saved = AwsVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            var result = await notebook.SubmitAsync("#!lyceum credentials --export-env");

            result.Succeeded();
            var (secret, token) = Assert.Single(recorder.Handed);
            var text = Assert.Single(result.Formatted("text/plain"));
            Assert.Contains("Set in this kernel's environment: " + string.Join(", ", AwsVariables) + ".", text);
            Assert.DoesNotContain(result.Visible(), v => v.Contains(secret, StringComparison.Ordinal) || v.Contains(token, StringComparison.Ordinal));
            Assert.Equal(secret, Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
            // C# code with AWSSDK.S3 and nothing but the environment: credentials and region from AWS_*, the endpoint as the card says.
            using var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3"), ForcePathStyle = true });
            var bucket = Environment.GetEnvironmentVariable("LYCEUM_S3_BUCKET");
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "from-csharp/hello.txt", ContentBody = "hello from C#" });
            Assert.Contains(await Client(new CredentialRecorder()).Storage.ListAsync("from-csharp/"), o => o.Key == "from-csharp/hello.txt");
        }
        finally
        {
            foreach (var (name, value) in saved)
                Environment.SetEnvironmentVariable(name, value);
        }
    }

    [Fact]
    public async Task credentials_when_not_logged_in_say_how_to_log_in()
    {
        using var notebook = new Notebook(null);

        var result = await notebook.SubmitAsync("#!lyceum credentials");

        Assert.StartsWith("Not logged in to Lyceum", result.Failed().Message);
    }

    [Fact]
    public async Task a_service_without_s3_refuses_credentials_and_storage_cells_in_notebook_words_before_any_run()
    {
        using var notebook = new Notebook(Client(new CredentialRecorder { RefuseCredentials = true }));

        var credentials = await notebook.SubmitAsync("#!lyceum credentials --export-env");
        var cell = await notebook.SubmitAsync("#!lyceum-python --storage\nprint('never runs')");

        Assert.Equal("#!lyceum credentials: this Lyceum service hands out no credentials for direct (S3) access to your storage. "
            + "#!lyceum upload, #!lyceum download and #!lyceum files still move and list your files.", credentials.Failed().Message);
        Assert.StartsWith("#!lyceum-python --storage: this Lyceum service hands out no credentials", cell.Failed().Message);
        Assert.DoesNotContain(cell.Events.OfType<Microsoft.DotNet.Interactive.Events.DisplayEvent>(), e => e.Value is RunCard);
        Assert.Null(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
    }

    [Fact]
    public void the_card_says_how_long_the_credentials_still_work()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 0, 0, TimeSpan.Zero);
        var credentials = new StorageCredentials("AKID", "secret", "token", "http://127.0.0.1:9/s3", "lyceum-a", "us-east-1", now.AddMinutes(59).AddSeconds(30));

        var view = CredentialsView.Of(credentials, now, []);

        Assert.Equal("59 min 30 s", view.TimeLeft);
        Assert.Contains("expires:  2030-01-02 03:59:30 UTC (in 59 min 30 s)", view.ToDisplayString("text/plain"));
        Assert.Equal("expired", CredentialsView.Of(credentials, now.AddHours(1), []).TimeLeft);
    }

    private LyceumClient Client(CredentialRecorder recorder) =>
        new(LyceumCredential.FromApiKey(_local.Server.ApiKey), new LyceumClientOptions { Endpoint = _local.Server.BaseUrl, Transport = recorder });
}
