using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive.Tests;

public sealed partial class LyceumKernelTests
{
    [Fact]
    public async Task display_and_the_last_expression_arrive_with_their_mime_types_in_order_with_the_text()
    {
        var result = await RunCellAsync("""
            class Table:
                def _repr_html_(self):
                    return "<table><tr><td>1</td></tr></table>"
            print("before")
            display(Table())
            print("after")
            {"answer": 42}
            """);
        result.Succeeded();
        var shown = result.Events
            .Where(e => e is StandardOutputValueProduced or ReturnValueProduced || e is DisplayedValueProduced { Value: not RunCard })
            .Select(e => e switch
            {
                StandardOutputValueProduced o => "out:" + string.Concat(o.FormattedValues.Select(f => f.Value)),
                ReturnValueProduced r => "result:" + r.FormattedValues.First().MimeType,
                DisplayedValueProduced d => "display:" + d.FormattedValues.First().MimeType,
                _ => "",
            })
            .Aggregate(new List<string>(), (merged, item) =>
            {
                // Text may arrive in any number of chunks (the 50 ms batches fall where they fall); the order is what counts.
                if (item.StartsWith("out:", StringComparison.Ordinal) && merged.Count > 0 && merged[^1].StartsWith("out:", StringComparison.Ordinal))
                    merged[^1] += item["out:".Length..];
                else
                    merged.Add(item);
                return merged;
            });
        Assert.Equal(["out:before\n", "display:text/html", "out:after\n", "result:text/plain"], shown);
        var display = result.Events.OfType<DisplayedValueProduced>().Single(e => e.Value is not RunCard);
        Assert.Equal("<table><tr><td>1</td></tr></table>", display.FormattedValues.First().Value);
        Assert.Equal("{'answer': 42}", result.Events.OfType<ReturnValueProduced>().Single().FormattedValues.Single(f => f.MimeType == "text/plain").Value);
    }

    [Fact]
    public async Task variables_of_a_cell_can_be_read_from_csharp_with_set()
    {
        (await _notebook.SubmitAsync("#!lyceum-python --export numbers,name\nnumbers = [1, 2, 3]\nname = 'lyceum'")).Succeeded();

        var infos = await _notebook.SendAsync(new RequestValueInfos("lyceum-python"));
        var names = infos.Events.OfType<ValueInfosProduced>().Single().ValueInfos.Select(v => $"{v.Name}:{v.TypeName}");
        Assert.Contains("numbers:list", names);
        Assert.Contains("name:str", names);

        var set = await _notebook.SubmitAsync("#!csharp\n#!set --name fromPython --value @lyceum-python:name\nfromPython.ToString()");
        set.Succeeded();
        Assert.Contains("lyceum", set.Events.OfType<ReturnValueProduced>().Single().FormattedValues.First().Value);
    }

    [Fact]
    public async Task values_set_from_csharp_are_python_globals_in_the_next_run()
    {
        (await _notebook.SubmitAsync("#!csharp\nvar prices = new[] { 1.5, 2.5 };\nvar label = \"total\";")).Succeeded();
        (await _notebook.SubmitAsync("#!lyceum-python\n#!set --name prices --value @csharp:prices")).Succeeded();
        (await _notebook.SubmitAsync("#!lyceum-python\n#!share --from csharp label")).Succeeded();

        var result = await RunCellAsync("print(label, sum(prices))");

        result.Succeeded();
        Assert.Equal("total 4.0\n", result.Stdout());
    }

    [Fact]
    public async Task asking_for_a_variable_the_last_cell_did_not_send_names_the_ones_it_did()
    {
        (await RunCellAsync("kept = 1")).Succeeded();
        var failed = (await _notebook.SendAsync(new RequestValue("missing", targetKernelName: "lyceum-python"))).Failed();
        Assert.Contains("'missing'", failed.Message);
        Assert.Contains("kept", failed.Message);
    }

    [Fact]
    public async Task session_mode_carries_state_lists_what_it_left_out_and_reset_forgets_it()
    {
        var first = await _notebook.SubmitAsync("#!lyceum-python --session\nimport json\ncounter = 41\ndef bump(x):\n    return x + 1");
        first.Succeeded();
        Assert.Contains(Cards(first)[^1].NotCarried, n => n.StartsWith("json", StringComparison.Ordinal));

        var second = await _notebook.SubmitAsync("#!lyceum-python --session\nprint(bump(counter))");
        second.Succeeded();
        Assert.Equal("42\n", second.Stdout());

        (await _notebook.SubmitAsync("#!lyceum reset")).Succeeded();
        var third = await _notebook.SubmitAsync("#!lyceum-python --session\nprint('counter' in globals())");
        third.Succeeded();
        Assert.Equal("False\n", third.Stdout());
    }

    [Fact]
    public async Task session_mode_carries_a_dict_and_a_class_instance_and_names_the_open_file_it_could_not_carry()
    {
        var first = await _notebook.SubmitAsync("""
            #!lyceum-python --session --export *
            class Holder:
                def __init__(self, n):
                    self.n = n
            settings = {"lr": 0.01}
            holder = Holder(7)
            log = open("run.log", "w")
            """);
        first.Succeeded();
        var card = Cards(first)[^1];
        Assert.Contains(card.NotCarried, n => n.StartsWith("log", StringComparison.Ordinal));
        Assert.DoesNotContain(card.NotCarried, n => n.StartsWith("holder", StringComparison.Ordinal));
        // The instance travels in the session but cannot be read from C#: the card says that apart.
        Assert.Contains(card.NotShared, n => n.StartsWith("holder", StringComparison.Ordinal));

        var second = await _notebook.SubmitAsync("#!lyceum-python --session\nprint(settings['lr'], holder.n, 'log' in globals())");
        second.Succeeded();
        Assert.Equal("0.01 7 False\n", second.Stdout());
    }

    [Fact]
    public async Task without_session_mode_each_cell_starts_empty()
    {
        (await RunCellAsync("left_over = 1")).Succeeded();
        var result = await RunCellAsync("print('left_over' in globals())");
        result.Succeeded();
        Assert.Equal("False\n", result.Stdout());
    }
}
