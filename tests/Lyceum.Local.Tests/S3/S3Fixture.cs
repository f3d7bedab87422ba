using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Lyceum.Local.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Local.Tests.S3;

/// <summary>A Lyceum Local with a fake clock (started at the real time, so SDK signatures are within the skew) and its S3 credentials.</summary>
internal sealed class S3Fixture : IAsyncDisposable
{
    private S3Fixture(TestServer server, FakeTimeProvider time, JsonElement credentials)
    {
        Server = server;
        Time = time;
        Credentials = credentials;
    }

    public TestServer Server { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The answer of POST /storage/credentials.</summary>
    public JsonElement Credentials { get; }

    public string Bucket => Credentials.GetProperty("bucket_name").GetString()!;

    public string Endpoint => Credentials.GetProperty("endpoint").GetString()!;

    public static async Task<S3Fixture> StartAsync(Action<LyceumLocalOptions>? configure = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await TestServer.StartAsync(options =>
        {
            options.TimeProvider = time;
            configure?.Invoke(options);
        });
        return new S3Fixture(server, time, await CredentialsAsync(server.Http));
    }

    public static async Task<JsonElement> CredentialsAsync(HttpClient http)
    {
        var response = await http.PostAsync("storage/credentials", null);
        var json = await TestServer.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"credentials: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>
    /// An AWSSDK.S3 client as a user would configure it from the credentials (path-style, the given endpoint);
    /// <paramref name="configure"/> changes the rest (e.g. the SDK's default checksums).
    /// </summary>
    public static AmazonS3Client Client(JsonElement credentials, string? secretOverride = null, Action<AmazonS3Config>? configure = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = credentials.GetProperty("endpoint").GetString(),
            ForcePathStyle = true,
            AuthenticationRegion = credentials.GetProperty("region").GetString(),
            MaxErrorRetry = 0,
        };
        configure?.Invoke(config);
        return new(new SessionAWSCredentials(
                credentials.GetProperty("access_key_id").GetString(),
                secretOverride ?? credentials.GetProperty("secret_access_key").GetString(),
                credentials.GetProperty("session_token").GetString()),
            config);
    }

    public AmazonS3Client Client() => Client(Credentials);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
