using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests.S3;

/// <summary>POST /storage/credentials and what the S3 endpoint does with the credentials: expiry, scope, revocation, signatures.</summary>
public sealed class CredentialsTests
{
    [Fact]
    public async Task credentials_carry_both_spellings_the_endpoint_the_bucket_and_an_hour_of_life()
    {
        await using var s3 = await S3Fixture.StartAsync();
        var c = s3.Credentials;

        Assert.Equal(c.GetProperty("access_key_id").GetString(), c.GetProperty("access_key").GetString());
        Assert.Equal(c.GetProperty("secret_access_key").GetString(), c.GetProperty("secret_key").GetString());
        Assert.Equal(c.GetProperty("expiration").GetDateTimeOffset(), c.GetProperty("expires_at").GetDateTimeOffset());
        Assert.False(string.IsNullOrEmpty(c.GetProperty("session_token").GetString()));
        Assert.Equal("us-east-1", c.GetProperty("region").GetString());
        Assert.Equal(s3.Server.Server.S3Url.ToString(), s3.Endpoint);
        Assert.StartsWith(s3.Server.Server.BaseUrl.GetLeftPart(UriPartial.Authority), s3.Endpoint);
        var lifetime = c.GetProperty("expiration").GetDateTimeOffset() - s3.Time.GetUtcNow();
        Assert.InRange(lifetime, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task the_endpoint_comes_from_the_servers_address_not_the_host_header()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "storage/credentials");
        request.Headers.Host = "evil.example:1234";

        var json = await TestServer.JsonAsync(await s3.Server.Http.SendAsync(request));

        Assert.Equal(s3.Server.Server.S3Url.ToString(), json.GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task the_endpoint_is_built_on_the_public_url_when_one_is_given()
    {
        await using var s3 = await S3Fixture.StartAsync(options => options.PublicUrl = "https://lyceum.example.com/local");

        Assert.Equal("https://lyceum.example.com/local/s3", s3.Endpoint);
    }

    [Fact]
    public async Task the_database_keeps_no_secret_and_the_server_key_is_readable_only_by_its_owner()
    {
        await using var s3 = await S3Fixture.StartAsync();
        var secret = s3.Credentials.GetProperty("secret_access_key").GetString()!;
        var token = s3.Credentials.GetProperty("session_token").GetString()!;
        var data = s3.Server.Server.DataDirectory;

        foreach (var file in Directory.EnumerateFiles(data, "lyceum.db*"))
        {
            var text = Encoding.Latin1.GetString(await ReadSharedAsync(file));
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(token, text);
        }
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "s3-credentials.key")));
    }

    [Fact]
    public async Task expired_credentials_answer_expired_token()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket });

        s3.Time.Advance(TimeSpan.FromMinutes(61));

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket }));
        Assert.Equal("ExpiredToken", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task a_wrong_secret_answers_signature_does_not_match()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = S3Fixture.Client(s3.Credentials, secretOverride: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket }));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task another_accounts_bucket_is_access_denied_and_nothing_is_written_there()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var other = await OtherAccount.CreateAsync(s3.Server);
        var otherCredentials = await S3Fixture.CredentialsAsync(other.Http);
        var otherBucket = otherCredentials.GetProperty("bucket_name").GetString()!;
        using var client = s3.Client();

        var write = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(new PutObjectRequest { BucketName = otherBucket, Key = "x.txt", ContentBody = "x" }));
        var list = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = otherBucket }));

        Assert.Equal("AccessDenied", write.ErrorCode);
        Assert.Equal("AccessDenied", list.ErrorCode);
        Assert.Empty((await TestServer.JsonAsync(await other.Http.GetAsync("storage/list-files"))).EnumerateArray());
        Assert.NotEqual(s3.Bucket, otherBucket);
    }

    [Fact]
    public async Task disabling_or_deleting_the_api_key_that_asked_revokes_its_credentials()
    {
        await using var s3 = await S3Fixture.StartAsync();
        var created = await TestServer.JsonAsync(await s3.Server.PostJsonAsync("auth/api-keys/", new { key_name = "s3-user" }));
        using var keyClient = s3.Server.Client(created.GetProperty("api_key").GetString());
        var credentials = await S3Fixture.CredentialsAsync(keyClient);
        using var client = S3Fixture.Client(credentials);
        var bucket = credentials.GetProperty("bucket_name").GetString();
        await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        var id = created.GetProperty("id").GetString();

        await s3.Server.Http.PatchAsync($"auth/api-keys/{id}/toggle", null);
        var disabled = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));
        await s3.Server.Http.PatchAsync($"auth/api-keys/{id}/toggle", null);
        await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        await s3.Server.Http.DeleteAsync($"auth/api-keys/{id}");
        var deleted = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));

        Assert.Equal("InvalidAccessKeyId", disabled.ErrorCode);
        Assert.Equal("InvalidAccessKeyId", deleted.ErrorCode);
    }

    [Fact]
    public async Task deleting_the_account_revokes_its_credentials()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var other = await OtherAccount.CreateAsync(s3.Server);
        var credentials = await S3Fixture.CredentialsAsync(other.Http);
        using var client = S3Fixture.Client(credentials);

        Assert.Equal(HttpStatusCode.OK, (await other.Http.DeleteAsync("user/delete")).StatusCode);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = credentials.GetProperty("bucket_name").GetString() }));
        Assert.Equal("InvalidAccessKeyId", error.ErrorCode);
    }

    [Fact]
    public async Task a_presigned_url_is_fetched_with_plain_http_until_it_expires()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var client = s3.Client();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = "shared/report 1.txt", ContentBody = "for your eyes" });
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = s3.Bucket, Key = "shared/report 1.txt", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();

        Assert.Equal("for your eyes", await http.GetStringAsync(url));
        var tampered = await http.GetAsync(url.Replace("report%201.txt", "report%202.txt"));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await tampered.Content.ReadAsStringAsync());

        s3.Time.Advance(TimeSpan.FromMinutes(6));
        var expired = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        var body = await expired.Content.ReadAsStringAsync();
        Assert.Contains("<Code>AccessDenied</Code>", body);
        Assert.Contains("<RequestId>", body);
        Assert.Contains("expired", body);
    }

    [Fact]
    public async Task unsigned_requests_and_a_missing_session_token_are_refused_in_s3s_error_shape()
    {
        await using var s3 = await S3Fixture.StartAsync();
        using var http = new HttpClient();

        var anonymous = await http.GetAsync($"{s3.Endpoint}/{s3.Bucket}?list-type=2");
        var withoutToken = await http.GetAsync(
            $"{s3.Endpoint}/{s3.Bucket}/x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={s3.Credentials.GetProperty("access_key_id").GetString()}%2F{DateTime.UtcNow:yyyyMMdd}%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date={DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00");

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await anonymous.Content.ReadAsStringAsync());
        Assert.Contains("<Code>InvalidToken</Code>", await withoutToken.Content.ReadAsStringAsync());
        Assert.True(anonymous.Headers.Contains("x-amz-request-id"));
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
