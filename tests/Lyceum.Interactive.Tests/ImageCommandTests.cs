using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

public sealed class ImageCommandTests : IClassFixture<ImageServerFixture>
{
    private readonly ImageServerFixture _podman;

    public ImageCommandTests(ImageServerFixture podman)
    {
        _podman = podman;
        Formatter.ResetToDefault();
    }

    [RequiresPodmanFact]
    public async Task image_runs_a_container_with_its_command_and_environment_and_streams_like_a_cell()
    {
        Assert.True(_podman.Missing is null, _podman.Missing);
        using var notebook = new Notebook(_podman.NewClient());

        var result = await notebook.SubmitAsync(
            $"#!lyceum image {ImageServerFixture.Image} --cmd [\"/bin/busybox\",\"sh\",\"-c\",\"echo hello $WHO; sleep 1; echo done\"] --env \"WHO=notebook\" --timeout 60");

        result.Succeeded();
        Assert.Equal("hello notebook\ndone\n", result.Stdout());
        var card = result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last();
        Assert.Equal("completed", card.State);
        Assert.Equal(ImageServerFixture.Image, card.What);
    }

    [RequiresPodmanFact]
    public async Task an_image_whose_command_fails_fails_the_cell()
    {
        Assert.True(_podman.Missing is null, _podman.Missing);
        using var notebook = new Notebook(_podman.NewClient());

        var result = await notebook.SubmitAsync($"#!lyceum image {ImageServerFixture.Image} --cmd [\"/bin/busybox\",\"sh\",\"-c\",\"echo broken >&2; exit 4\"]");

        var failed = result.Failed();
        Assert.Equal("broken", failed.Message);
        Assert.Equal("failed_user", result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>().Last().State);
    }

    [RequiresPodmanFact]
    public async Task an_image_sweeps_its_values_into_cmd_and_env_with_one_card_and_the_results_in_csharp()
    {
        Assert.True(_podman.Missing is null, _podman.Missing);
        using var notebook = new Notebook(_podman.NewClient());

        var result = await notebook.SubmitAsync(
            $"#!lyceum image {ImageServerFixture.Image} --cmd [\"/bin/busybox\",\"sh\",\"-c\",\"echo {{seed}} $seed $TAG; test {{seed}} != 2\"] --env \"TAG=t{{seed}}\" --sweep seed=1,2,3 --parallel 2");

        Assert.StartsWith("1 of 3 runs did not complete; run 2 (seed=2) ended failed", result.Failed().Message);
        Assert.Empty(result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<RunCard>());
        var card = result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<SweepCard>().Last();
        Assert.Equal(["seed=1", "seed=2", "seed=3"], card.Rows.Select(r => r.Parameters));
        Assert.Equal("1 1 t1\n", card.Rows[0].Output);
        Assert.Equal("3 3 t3", card.Rows[2].Result);
        Assert.Equal(["completed", "failed_user", "completed"], card.Rows.Select(r => r.State));
        Assert.Equal("", result.Stdout());
        var value = await notebook.SendAsync(new Microsoft.DotNet.Interactive.Commands.RequestValue("sweep", mimeType: "application/json", targetKernelName: "lyceum-python"));
        Assert.Contains("\"result\":\"3 3 t3\"", value.Events.OfType<ValueProduced>().Single().FormattedValue.Value);
    }

    [RequiresPodmanFact]
    public async Task an_image_with_a_repeated_sweep_runs_every_combination_of_both_names()
    {
        Assert.True(_podman.Missing is null, _podman.Missing);
        using var notebook = new Notebook(_podman.NewClient());

        var result = await notebook.SubmitAsync(
            $"#!lyceum image {ImageServerFixture.Image} --cmd \"/bin/busybox echo {{n}}{{m}}\" --sweep n=1,2 --sweep m=a,b");

        result.Succeeded();
        var card = result.Events.OfType<DisplayEvent>().Select(e => e.Value).OfType<SweepCard>().Last();
        Assert.Equal(["n=1, m=a", "n=1, m=b", "n=2, m=a", "n=2, m=b"], card.Rows.Select(r => r.Parameters));
        Assert.Equal(["1a", "1b", "2a", "2b"], card.Rows.Select(r => r.Result));
    }
}
