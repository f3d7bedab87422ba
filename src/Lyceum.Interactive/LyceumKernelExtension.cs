using Microsoft.DotNet.Interactive;

namespace Lyceum.Interactive;

/// <summary>The entry point the package's extension.dib calls.</summary>
public static class LyceumKernelExtension
{
    /// <summary>Adds the Lyceum commands and kernels to the notebook's root kernel.</summary>
    /// <param name="kernel">Any kernel of the notebook; its root is used.</param>
    public static void Load(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
    }
}
