using System.Net;
using Amazon.S3.Model;
using Lyceum.Local.Tests.Infrastructure;
using Lyceum.Local.Tests.S3;

namespace Lyceum.Local.Tests;

/// <summary>Deleting an account leaves nothing of it in the data dir: files, run folders, caches, unfinished uploads.</summary>
public sealed class AccountDeletionTests
{
    [Fact]
    public async Task deleting_an_account_removes_its_cache_run_folders_and_unfinished_uploads()
    {
        await using var server = await TestServer.StartAsync();
        using var other = await OtherAccount.CreateAsync(server);
        var start = await TestServer.JsonAsync(await server.PostRawAsync("execution/streaming/start",
            """{"code":"import os\nopen(os.path.join(os.environ['XDG_CACHE_HOME'], 'pip-cache.txt'), 'w').write('cached')\nprint('done')"}""", other.Http));
        var messages = await TestServer.ReadSseAsync(start.GetProperty("streaming_url").GetString()!);
        Assert.Contains(messages, m => m.ToString().Contains("done"));
        var credentials = await S3Fixture.CredentialsAsync(other.Http);
        using (var s3 = S3Fixture.Client(credentials))
        {
            var bucket = credentials.GetProperty("bucket_name").GetString()!;
            var upload = await s3.InitiateMultipartUploadAsync(bucket, "unfinished.bin");
            await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "unfinished.bin", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[100]) });
        }
        var data = server.Server.DataDirectory;
        var cache = Assert.Single(Directory.EnumerateDirectories(Path.Combine(data, "cache")));
        Assert.True(File.Exists(Path.Combine(cache, "pip-cache.txt")));
        var runFolder = Path.Combine(data, "runs", start.GetProperty("execution_id").GetString()!);
        Assert.True(Directory.Exists(runFolder));
        Assert.NotEmpty(Directory.EnumerateDirectories(Path.Combine(data, "multipart")));

        Assert.Equal(HttpStatusCode.OK, (await other.Http.DeleteAsync("user/delete")).StatusCode);

        Assert.False(Directory.Exists(cache), "the account's cache folder outlived it");
        Assert.False(Directory.Exists(runFolder), "the account's run folder outlived it");
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(data, "multipart")));
    }
}
