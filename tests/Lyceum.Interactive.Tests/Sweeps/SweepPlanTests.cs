using System.Diagnostics;
using Lyceum.Interactive.Sweeps;

namespace Lyceum.Interactive.Tests.Sweeps;

public sealed class SweepPlanTests
{
    private static string RunPython(string code)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sweep-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, code);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("python3", [file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void the_runs_are_the_cartesian_product_with_the_last_name_varying_fastest()
    {
        var plan = SweepPlan.Parse(["lr=0.1,0.01", "opt=adam,'sgd'", "shape=(1,2),[3, 4]"]);

        Assert.Equal(8, plan.Points.Count);
        Assert.Equal("lr=0.1, opt=adam, shape=(1,2)", SweepPlan.Describe(plan.Points[0]));
        Assert.Equal("lr=0.1, opt=adam, shape=[3, 4]", SweepPlan.Describe(plan.Points[1]));
        Assert.Equal("lr=0.01, opt='sgd', shape=[3, 4]", SweepPlan.Describe(plan.Points[7]));
    }

    [Fact]
    public void values_are_bound_as_python_literals_before_the_code_on_the_kernel_lines_empty_line()
    {
        var plan = SweepPlan.Parse(["lr=1e-3", "opt=adam", "shape=(1, 'a,b')", "flag=True", "name=\"it's\""]);
        var code = SweepPlan.Bind("\nprint(repr(lr), repr(opt), repr(shape), repr(flag), repr(name))\nraise ValueError('line 3')", plan.Points[0]);

        var output = RunPython(code);

        Assert.StartsWith("0.001 'adam' (1, 'a,b') True \"it's\"\n", output);
        Assert.Contains("line 3, in <module>", output);
    }

    [Fact]
    public void a_value_that_is_no_python_literal_fails_the_run_naming_the_option()
    {
        var code = SweepPlan.Bind("\nprint(x)", SweepPlan.Parse(["x=[1,2"]).Points[0]);

        var output = RunPython(code);

        Assert.Contains("ValueError: --sweep x=[1,2: not a Python literal; quote strings", output);
    }

    [Theory]
    [InlineData("lr", "--sweep lr: write NAME=V1,V2,… with a Python variable name, e.g. --sweep lr=0.1,0.01,0.001.")]
    [InlineData("1x=1,2", "--sweep 1x=1,2: write NAME=V1,V2,… with a Python variable name")]
    [InlineData("lr=", "--sweep lr=: give the values after lr=, separated by commas, e.g. --sweep lr=1,2,3.")]
    [InlineData("lr=1,,2", "--sweep lr=1,,2: give the values after lr=")]
    public void a_malformed_sweep_says_how_to_write_it(string sweep, string message)
    {
        var e = Assert.Throws<LyceumCommandException>(() => SweepPlan.Parse([sweep]));

        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void a_name_given_twice_and_a_sweep_over_the_limit_are_refused()
    {
        Assert.Contains("--sweep lr is given twice", Assert.Throws<LyceumCommandException>(() => SweepPlan.Parse(["lr=1", "lr=2"])).Message);
        var tooMany = Assert.Throws<LyceumCommandException>(() => SweepPlan.Parse([
            "a=" + string.Join(',', Enumerable.Range(0, 11)), "b=" + string.Join(',', Enumerable.Range(0, 10))]));
        Assert.StartsWith("This sweep has 110 runs (11 × 10); one sweep may have at most 100", tooMany.Message);
    }
}
