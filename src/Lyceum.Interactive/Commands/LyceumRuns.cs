using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum runs</c>: the account's live runs.</summary>
public sealed class LyceumRuns : KernelCommand
{
}
