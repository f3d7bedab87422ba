using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum status</c>: service health and version, who you are, the default machine, rate limits.</summary>
public sealed class LyceumStatus : KernelCommand
{
    /// <summary><c>--verbose</c>: also show the extension's recent log lines.</summary>
    public bool Verbose { get; set; }
}
