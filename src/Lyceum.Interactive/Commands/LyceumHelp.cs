using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary>Bare <c>#!lyceum</c>: shows the help (an unknown subcommand lands here too and fails).</summary>
public sealed class LyceumHelp : KernelCommand
{
}
