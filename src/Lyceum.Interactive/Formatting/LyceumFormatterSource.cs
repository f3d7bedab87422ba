using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Formatting;

/// <summary>HTML and plain-text formatters for every Lyceum view model. Attached to each model with
/// <see cref="TypeFormatterSourceAttribute"/>, so they survive <see cref="Formatter.ResetToDefault"/> and need no registration.</summary>
public sealed class LyceumFormatterSource : ITypeFormatterSource
{
    /// <summary>The MIME types every Lyceum view is shown in, richest first.</summary>
    public static readonly string[] MimeTypes = [HtmlFormatter.MimeType, PlainTextFormatter.MimeType];

    /// <summary>A view formatted in every one of <see cref="MimeTypes"/>, for a display event.</summary>
    internal static IReadOnlyCollection<FormattedValue> Format(object view) => FormattedValue.CreateManyFromObject(view, MimeTypes);

    /// <inheritdoc />
    public IEnumerable<ITypeFormatter> CreateTypeFormatters() =>
    [
        .. Pair<CreditsView>(),
        .. Pair<FileListView>(),
        .. Pair<HistoryView>(),
        .. Pair<ApiKeyListView>(),
        .. Pair<NewApiKeyView>(),
        .. Pair<RunCard>(),
        .. Pair<SweepCard>(),
        .. Pair<StatusView>(),
        .. Pair<AccountView>(),
        .. Pair<TransferView>(),
        .. Pair<WorkloadListView>(),
        .. Pair<ConfigView>(),
        .. Pair<NoticeView>(),
        .. Pair<CredentialsView>(),
    ];

    private static ITypeFormatter[] Pair<T>() where T : ILyceumView =>
    [
        new HtmlFormatter<T>((view, context) => LyceumHtml.Write(view.ToHtml(), context)),
        new PlainTextFormatter<T>((view, context) => context.Writer.Write(view.ToText())),
    ];
}
