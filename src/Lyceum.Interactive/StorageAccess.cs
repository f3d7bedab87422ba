using Lyceum.Client;

namespace Lyceum.Interactive;

/// <summary>
/// Temporary credentials for the account's storage bucket, for <c>--storage</c> cells and <c>#!lyceum credentials</c>:
/// fetched fresh each time, checked to be usable, and refused in the notebook's words when the service has none.
/// </summary>
internal static class StorageAccess
{
    /// <summary>Fresh credentials with an endpoint and a bucket.</summary>
    /// <param name="connection">The notebook's login.</param>
    /// <param name="asker">What asked, as the user typed it (<c>#!lyceum-python --storage</c>), for the error.</param>
    /// <param name="cancellationToken">The cell's stop button.</param>
    /// <exception cref="LyceumCommandException">Not logged in, or the service hands out no usable credentials.</exception>
    public static async Task<StorageCredentials> FetchAsync(LyceumConnection connection, string asker, CancellationToken cancellationToken)
    {
        var client = connection.Require();
        StorageCredentials credentials;
        try
        {
            credentials = await client.Storage.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LyceumApiException e) when (e.StatusCode is 404 or 405 or 501)
        {
            throw new LyceumCommandException(Unavailable(asker), e);
        }
        if (string.IsNullOrEmpty(credentials.Endpoint) || string.IsNullOrEmpty(credentials.BucketName)
            || string.IsNullOrEmpty(credentials.AccessKey) || string.IsNullOrEmpty(credentials.SecretKey))
            throw new LyceumCommandException(Unavailable(asker));
        return credentials;
    }

    /// <summary>The environment variables S3 SDKs (AWSSDK.S3, boto3, the AWS CLI) read the credentials from, in order,
    /// with <c>LYCEUM_S3_BUCKET</c>; a value is null where the service gave none (no session token). The one list both
    /// the kernel's <c>--export-env</c> and a <c>--storage</c> run's prelude set.</summary>
    public static IReadOnlyList<(string Name, string? Value)> Variables(StorageCredentials credentials)
    {
        var region = credentials.Region ?? "us-east-1";
        return
        [
            ("AWS_ACCESS_KEY_ID", credentials.AccessKey),
            ("AWS_SECRET_ACCESS_KEY", credentials.SecretKey),
            ("AWS_SESSION_TOKEN", credentials.SessionToken),
            ("AWS_REGION", region),
            ("AWS_DEFAULT_REGION", region),
            ("AWS_ENDPOINT_URL_S3", credentials.Endpoint),
            ("LYCEUM_S3_BUCKET", credentials.BucketName),
        ];
    }

    /// <summary>Sets <see cref="Variables"/> in this process's environment; one without a value is removed, so an older
    /// session token cannot pair with the new key.</summary>
    /// <returns>The names of the variables set, in order.</returns>
    public static IReadOnlyList<string> ExportToEnvironment(StorageCredentials credentials)
    {
        var variables = Variables(credentials);
        foreach (var (name, value) in variables)
            Environment.SetEnvironmentVariable(name, string.IsNullOrEmpty(value) ? null : value);
        return variables.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => v.Name).ToList();
    }

    // Said without the service's paths: what does not work, and what still moves files.
    private static string Unavailable(string asker) =>
        $"{asker}: this Lyceum service hands out no credentials for direct (S3) access to your storage. "
        + "#!lyceum upload, #!lyceum download and #!lyceum files still move and list your files.";
}
