using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

public sealed class FormatterTests : IDisposable
{
    public FormatterTests() => Formatter.ResetToDefault();

    public void Dispose() => Formatter.ResetToDefault();

    [Fact]
    public void file_keys_are_html_encoded_and_sizes_are_human_readable()
    {
        var view = new FileListView(null, [new StorageObject("<script>alert(1)</script>.csv", 1536, DateTimeOffset.Parse("2026-11-28T09:00:00Z"), "abc\"def")]);
        var html = view.ToDisplayString(HtmlFormatter.MimeType);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;.csv", html);
        Assert.Contains("1.5 KB", html);
        Assert.Contains("2026-11-28 09:00:00 UTC", html);
        Assert.Contains("1 file", html);
        Assert.Contains("1.5 KB", view.ToDisplayString(PlainTextFormatter.MimeType));
    }

    [Fact]
    public void every_rule_of_the_style_block_is_scoped_under_the_lyceum_container_and_has_theme_fallbacks()
    {
        var html = new CreditsView(new CreditBalance(20, 5, 15, 20, 0)).ToDisplayString(HtmlFormatter.MimeType);
        var css = html[(html.IndexOf("<style>", StringComparison.Ordinal) + 7)..html.IndexOf("</style>", StringComparison.Ordinal)];
        foreach (var rule in css.Split('}', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var selectors = rule[..rule.IndexOf('{')].Split(',').Select(s => s.Trim());
            Assert.All(selectors, s => Assert.StartsWith(".lyceum", s));
        }
        Assert.DoesNotMatch(@"var\(--vscode-[a-zA-Z-]+\)", css);
    }

    [Fact]
    public void history_shows_a_badge_per_status_and_the_total_spent_in_html_and_in_plain_text()
    {
        var history = new BillingHistory(
        [
            new BillingHistoryEntry("run-1", null, "cpu", "completed", "cpu", 0.25m, DateTimeOffset.Parse("2026-11-28T09:00:00Z"), DateTimeOffset.Parse("2026-11-28T09:00:12Z"), "a.py"),
            new BillingHistoryEntry("run-2", null, "cpu", "failed_user", "cpu", 0.05m, null, null, null),
        ], 2, 0.3m, 50, 0);
        var html = new HistoryView(history).ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("<span class=\"badge ok\">completed</span>", html);
        Assert.Contains("<span class=\"badge fail\">failed</span>", html);
        Assert.DoesNotContain("failed_user", html);
        Assert.Contains("12 s", html);
        Assert.Contains("0.3", html);
        var text = new HistoryView(history).ToDisplayString(PlainTextFormatter.MimeType);
        Assert.Contains("run-2  failed  cpu", text);
        Assert.DoesNotContain("failed_user", text);
    }

    [Fact]
    public void api_key_lists_show_the_prefix_never_more()
    {
        var html = new ApiKeyListView([new ApiKeyInfo("id-1", "ci", "lk_live_ab12", true, null, null, null)]).ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("lk_live_ab12…", html);
        Assert.Contains("active", html);
    }

    [Fact]
    public void the_run_card_shows_state_machine_execution_id_elapsed_and_cost()
    {
        var card = new RunCard { What = "#!lyceum-python cell 1", State = "completed", Machine = "gpu.a100", ExecutionId = "ex-42", Elapsed = TimeSpan.FromSeconds(75), Cost = 0.125m, Ended = true };
        var text = card.ToDisplayString(PlainTextFormatter.MimeType);
        Assert.Equal("Lyceum #!lyceum-python cell 1: completed — gpu.a100 · run ex-42 · 1 min 15 s · 0.125 credits", text);
        Assert.Contains("badge ok", card.ToDisplayString(HtmlFormatter.MimeType));
    }
}
