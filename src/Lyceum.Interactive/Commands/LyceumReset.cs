using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum reset</c>: forgets a Lyceum kernel's session state and shared values.</summary>
[Subcommand("reset", "Forget a Lyceum kernel's session state and shared values")]
public sealed class LyceumReset : LyceumSubcommand
{
    /// <summary>--kernel: the Lyceum kernel (default lyceum-python).</summary>
    [Option("The Lyceum kernel (default " + LyceumKernel.DefaultName + ")", Values = OptionValues.LyceumKernels)]
    public string? Kernel { get; set; }

    internal override Task RunAsync(SubcommandContext lyceum)
    {
        var kernel = lyceum.FindKernel(Kernel);
        kernel.Settings.Reset();
        lyceum.Output.Show(new NoticeView($"#!{kernel.Name} forgot its session state, shared values and variables.", "The next cell starts empty."));
        return Task.CompletedTask;
    }
}
