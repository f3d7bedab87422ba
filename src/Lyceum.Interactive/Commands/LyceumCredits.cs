using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum credits</c>: the account's credits.</summary>
public sealed class LyceumCredits : KernelCommand
{
}
