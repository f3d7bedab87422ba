namespace Lyceum.Client.Tests;

public sealed class EndpointErrorTests
{
    [Theory]
    [InlineData("ftp://alice:s3cret-pass@files.example.com/api")]
    [InlineData("ht!tp://alice:s3cret-pass@")]
    public void an_endpoint_error_quotes_the_url_without_its_password(string url)
    {
        var error = Assert.Throws<LyceumConfigurationException>(() =>
            new LyceumClient(LyceumCredential.FromApiKey("lk_test_key"), new LyceumClientOptions { Endpoint = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : new Uri(url, UriKind.Relative) }));

        Assert.DoesNotContain("s3cret-pass", error.Message);
        Assert.Contains("LYCEUM_API_URL", error.Message);
    }
}
