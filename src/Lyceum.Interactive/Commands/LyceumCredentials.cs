using Lyceum.Interactive.Formatting;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum credentials [--export-env]</c>: temporary S3 credentials for the storage bucket, shown without
/// their secrets; optionally set in the kernel's process environment for C# code that uses an S3 SDK.</summary>
[Subcommand("credentials", "Temporary S3 access to your storage: endpoint, bucket, region and expiry (never the secret); --export-env sets AWS_* for C# S3 code")]
public sealed class LyceumCredentials : LyceumSubcommand
{
    /// <summary>--export-env: set the credentials as <c>AWS_*</c> variables in this kernel's process environment.</summary>
    [Option("Set them in this kernel's process environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3) for C# code that uses an S3 SDK")]
    public bool ExportEnv { get; set; }

    internal override async Task RunAsync(SubcommandContext lyceum)
    {
        var credentials = await StorageAccess.FetchAsync(lyceum.Connection, "#!lyceum credentials", lyceum.CancellationToken).ConfigureAwait(false);
        var exported = ExportEnv ? StorageAccess.ExportToEnvironment(credentials) : [];
        lyceum.Output.Show(CredentialsView.Of(credentials, lyceum.Connection.Time.GetUtcNow(), exported));
    }
}
