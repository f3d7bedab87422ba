using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum logout</c>: forgets the notebook's credential.</summary>
public sealed class LyceumLogout : KernelCommand
{
}
