using Lyceum.Client;
using Lyceum.Interactive.Remote;
using Lyceum.Interactive.Sweeps;

namespace Lyceum.Interactive.Tests.Sweeps;

public sealed class ImageSweepTests
{
    private static RunRequest Image(IReadOnlyList<string>? cmd, IReadOnlyDictionary<string, string>? env) => new()
    {
        Kind = RunKind.Image,
        What = "busybox",
        Image = new ImageRunRequest("busybox") { DockerRunCmd = cmd, Environment = env },
    };

    [Fact]
    public void each_run_gets_its_values_in_cmd_env_and_as_environment_variables()
    {
        var plan = SweepPlan.Parse(["lr=0.1,'adam'", "seed=1"]);

        var points = ImageSweep.Points(plan, Image(["train", "--lr={lr}", "--seed", "{seed}"], new Dictionary<string, string> { ["RUN"] = "r-{lr}-{seed}", ["lr"] = "x" }));

        Assert.Equal(["lr=0.1, seed=1", "lr='adam', seed=1"], points.Select(p => p.Parameters));
        Assert.Equal(["train", "--lr=adam", "--seed", "1"], points[1].Request.Image!.DockerRunCmd);
        Assert.Equal("r-0.1-1", points[0].Request.Image!.Environment!["RUN"]);
        // The sweep's value wins over an --env entry of the same name.
        Assert.Equal("adam", points[1].Request.Image!.Environment!["lr"]);
        Assert.Equal("1", points[1].Request.Image!.Environment!["seed"]);
        Assert.Equal("busybox run 2", points[1].Request.What);
    }

    [Fact]
    public void an_image_without_cmd_or_env_still_gets_the_values_as_environment_variables()
    {
        var points = ImageSweep.Points(SweepPlan.Parse(["n=3"]), Image(null, null));

        Assert.Null(points[0].Request.Image!.DockerRunCmd);
        Assert.Equal(new Dictionary<string, string> { ["n"] = "3" }, points[0].Request.Image!.Environment);
    }
}
