using Lyceum.Client;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using static Lyceum.Interactive.Formatting.LyceumHtml;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace Lyceum.Interactive.Formatting;

/// <summary>A key <c>#!lyceum keys --create</c> just made. This is the only time its secret is shown: the service keeps
/// only its prefix. It is shown in this cell's output once and never logged.</summary>
/// <param name="Key">The created key.</param>
[TypeFormatterSource(typeof(LyceumFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record NewApiKeyView(CreatedApiKey Key) : ILyceumView
{
    private const string Warning = "Copy it now: it is shown only this once. Clear this cell's output afterwards if the notebook is shared.";

    IHtmlContent ILyceumView.ToHtml() => Container(
        div[@class: "title"]($"New API key \u201c{Key.KeyName}\u201d (id {Key.Id})"),
        div(span[@class: "secret"](Key.ApiKey)),
        div[@class: "muted"](Warning),
        Key.ExpiresAt is null ? "" : div[@class: "muted"]("Expires " + Time(Key.ExpiresAt)));

    string ILyceumView.ToText() => $"New API key \"{Key.KeyName}\" (id {Key.Id}):\n  {Key.ApiKey}\n{Warning}";

    /// <inheritdoc />
    public override string ToString() => $"NewApiKeyView {{ KeyName = {Key.KeyName}, KeyPrefix = {Key.KeyPrefix} }}";
}
