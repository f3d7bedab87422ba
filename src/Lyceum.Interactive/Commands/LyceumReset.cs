using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum reset</c>: forgets a Lyceum kernel's session state and shared values.</summary>
public sealed class LyceumReset : KernelCommand
{
    /// <summary>--kernel: the Lyceum kernel (default lyceum-python).</summary>
    public string? Kernel { get; set; }
}
