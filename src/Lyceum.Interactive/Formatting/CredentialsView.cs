using System.Text;
using Lyceum.Client;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>
/// What <c>#!lyceum credentials</c> shows: where the storage bucket is reached over S3 and until when the temporary
/// credentials work. It holds no secret (not the secret key, not the session token), so nothing that formats or logs
/// it can show one.
/// </summary>
/// <param name="Endpoint">The S3 endpoint (path-style).</param>
/// <param name="Bucket">The account's bucket.</param>
/// <param name="Region">The signing region.</param>
/// <param name="ExpiresAt">When the credentials stop working, when the service says.</param>
/// <param name="Now">When they were fetched, for the time left.</param>
/// <param name="ExportedVariables">The environment variables set in the kernel's process (<c>--export-env</c>); empty when none.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record CredentialsView(string Endpoint, string Bucket, string Region, DateTimeOffset? ExpiresAt, DateTimeOffset Now,
    IReadOnlyList<string> ExportedVariables) : ILyceumView
{
    /// <summary>The view of fresh credentials: everything but the secrets.</summary>
    public static CredentialsView Of(StorageCredentials credentials, DateTimeOffset now, IReadOnlyList<string> exportedVariables) =>
        new(credentials.Endpoint ?? "", credentials.BucketName ?? "", credentials.Region ?? "us-east-1", credentials.ExpiresAt, now, exportedVariables);

    /// <summary>How long the credentials still work, e.g. <c>59 min 58 s</c>; null when the service gives no expiry.</summary>
    public string? TimeLeft => ExpiresAt is { } at ? (at <= Now ? "expired" : Duration(at - Now)) : null;

    private string Expiry => ExpiresAt is null ? "not given by the service" : $"{Time(ExpiresAt)} (in {TimeLeft})";

    private string Note => ExportedVariables.Count > 0
        ? $"Set in this kernel's environment: {string.Join(", ", ExportedVariables)}. They stop working at {Time(ExpiresAt)}; "
          + "run #!lyceum credentials --export-env again for fresh ones. With AWSSDK.S3: new AmazonS3Client(new AmazonS3Config "
          + "{ ServiceURL = Environment.GetEnvironmentVariable(\"AWS_ENDPOINT_URL_S3\"), ForcePathStyle = true })."
        : "The secret key and session token are not shown. --export-env sets them as AWS_* variables in this kernel's "
          + "environment for C# code that uses an S3 SDK; a Python cell gets them with --storage (lyceum.s3()).";

    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "title"]("Lyceum storage over S3"),
        table(
            tbody(
                tr(th("Endpoint"), td(code(Endpoint), " ", span[@class: "muted"]("(path-style)"))),
                tr(th("Bucket"), td(code(Bucket))),
                tr(th("Region"), td(Region)),
                tr(th("Expires"), td(Expiry)))),
        div[@class: "muted"](Note));

    string ILyceumView.ToText() => new StringBuilder()
        .AppendLine("Lyceum storage over S3")
        .AppendLine($"  endpoint: {Endpoint} (path-style)")
        .AppendLine($"  bucket:   {Bucket}")
        .AppendLine($"  region:   {Region}")
        .AppendLine($"  expires:  {Expiry}")
        .Append(Note)
        .ToString();
}
