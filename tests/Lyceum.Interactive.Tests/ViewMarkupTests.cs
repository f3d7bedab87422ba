using Lyceum.Interactive.Formatting;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

public sealed class ViewMarkupTests : IDisposable
{
    public ViewMarkupTests() => Formatter.ResetToDefault();

    public void Dispose() => Formatter.ResetToDefault();

    [Fact]
    public void a_running_sweep_card_shows_the_tail_of_each_runs_output_and_the_ended_card_all_of_it()
    {
        var output = "first line of run 1\n" + new string('x', 2 * SweepCard.LiveOutputTail) + "\nlast line of run 1";
        var running = new SweepCard
        {
            What = "#!lyceum-python --sweep lr=0.1",
            Rows = [new SweepRow { Number = 1, Parameters = "lr=0.1", State = "running", Output = output }],
        };

        var live = running.ToDisplayString(HtmlFormatter.MimeType);
        var ended = (running with { Ended = true, Rows = [running.Rows[0] with { State = "completed", Ended = true }] }).ToDisplayString(HtmlFormatter.MimeType);

        Assert.Contains("last line of run 1", live);
        Assert.DoesNotContain("first line of run 1", live);
        Assert.Contains("all of it once it ends", live);
        Assert.Contains("first line of run 1", ended);
        Assert.Contains("last line of run 1", ended);
    }

    [Fact]
    public void a_run_card_with_every_part_renders_as_markup_not_as_a_table_of_its_parts()
    {
        var card = new RunCard
        {
            What = "#!lyceum-python cell 3",
            State = "failed_user",
            Machine = "cpu",
            ExecutionId = "run-1",
            Elapsed = TimeSpan.FromMilliseconds(85),
            Cost = 0m,
            Message = "ZeroDivisionError: <division> by zero",
            LogFile = "/tmp/run-1.log",
            NotCarried = ["log (open file)", "np (module)"],
            NotShared = ["model (not JSON-serialisable (Model))"],
            Ended = true,
        };

        var html = card.ToDisplayString(HtmlFormatter.MimeType);

        Assert.DoesNotContain("System.String", html);
        Assert.DoesNotContain("PocketView", html);
        Assert.DoesNotContain("<table", html);
        Assert.Contains("<div>ZeroDivisionError: &lt;division&gt; by zero</div>", html);
        Assert.Contains("<code>/tmp/run-1.log</code>", html);
        Assert.Contains("Not carried to the next cell: log (open file); np (module)", html);
        Assert.Contains("Not shared with other kernels: model (not JSON-serialisable (Model))", html);
    }
}
