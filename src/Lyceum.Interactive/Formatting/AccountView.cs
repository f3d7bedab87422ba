using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>Who the notebook is signed in as, after <c>#!lyceum login</c>. Never holds a secret: only the kind of
/// credential, the email (for password logins) and the service URL.</summary>
/// <param name="Endpoint">The service.</param>
/// <param name="CredentialKind">api-key, token or password.</param>
/// <param name="Email">The account's email, when known.</param>
/// <param name="Remaining">Remaining credits, when they could be read.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record AccountView(Uri Endpoint, string CredentialKind, string? Email, decimal? Remaining) : ILyceumView
{
    /// <summary>"you@example.com (password)" or "an API key".</summary>
    public string Who => Email is { Length: > 0 } ? $"{Email} ({Describe(CredentialKind)})" : Describe(CredentialKind);

    IHtmlContent ILyceumView.ToHtml() => Container(
        div("Logged in to ", code(Endpoint.ToString()), Email is { Length: > 0 } ? " as " : " with ", b(Who), "."),
        Remaining is { } r ? div[@class: "muted"]($"{Credits(r)} credits remaining.") : "");

    string ILyceumView.ToText() =>
        $"Logged in to {Endpoint} {(Email is { Length: > 0 } ? "as" : "with")} {Who}." + (Remaining is { } r ? $"\n{Credits(r)} credits remaining." : "");

    /// <summary>Words for a credential kind.</summary>
    public static string Describe(string kind) => kind switch
    {
        "api-key" => "an API key",
        "token" => "an access token",
        "password" => "password login",
        _ => kind,
    };
}
