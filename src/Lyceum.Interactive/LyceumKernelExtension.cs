using System.Runtime.CompilerServices;
using Lyceum.Client;
using Lyceum.Interactive.Diagnostics;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;

namespace Lyceum.Interactive;

/// <summary>The entry point the package's extension.dib calls.</summary>
public static class LyceumKernelExtension
{
    private static readonly ConditionalWeakTable<CompositeKernel, LyceumConnection> Loaded = new();
    private static readonly object Gate = new();

    /// <summary>
    /// Adds the <c>#!lyceum</c> commands, the <c>#!lyceum-python</c> kernel and <c>#!connect lyceum</c> to the notebook's
    /// root kernel, and shows what the user can do now. Loading again registers nothing twice.
    /// </summary>
    /// <param name="kernel">Any kernel of the notebook; its root is used.</param>
    /// <param name="client">The client to use; by default one from LYCEUM_API_URL / LYCEUM_API_KEY / LYCEUM_API_TOKEN or
    /// <c>~/.lyceum/config.json</c>, or none until <c>#!lyceum login</c>.</param>
    public static void Load(Microsoft.DotNet.Interactive.Kernel kernel, LyceumClient? client = null) => Load(kernel, client, TimeProvider.System);

    /// <summary>As <see cref="Load(Microsoft.DotNet.Interactive.Kernel, LyceumClient?)"/>, with the clock that drives output batching, run
    /// cards, caches and time limits (tests pass a fake one).</summary>
    /// <param name="kernel">Any kernel of the notebook; its root is used.</param>
    /// <param name="client">The client to use, or null for the default.</param>
    /// <param name="timeProvider">The clock.</param>
    public static void Load(Microsoft.DotNet.Interactive.Kernel kernel, LyceumClient? client, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.RootKernel is not CompositeKernel root)
            throw new LyceumCommandException("Lyceum.Interactive needs a notebook (a CompositeKernel root); load it with #r \"nuget:Lyceum.Interactive\" in a notebook cell.");

        lock (Gate)
        {
            // Another copy of the assembly (another package version) may have loaded already: the kernel name tells.
            if (Loaded.TryGetValue(root, out var existing) || root.FindKernelByName(LyceumKernel.DefaultName) is not null)
            {
                if (client is not null)
                    existing?.Use(client, null, owns: false);
                KernelInvocationContext.Current?.DisplayAs("Lyceum is already loaded in this notebook; nothing was added again.", "text/plain");
                return;
            }

            var fromEnvironment = client is null && LyceumClient.TryFromEnvironment(out var found, ExtensionLog.ClientOptions()) ? found : null;
            var connection = new LyceumConnection(client ?? fromEnvironment, ownsClient: fromEnvironment is not null, timeProvider);
            Loaded.Add(root, connection);
            root.RegisterForDisposal(connection);

            Commands.LyceumDirective.Register(root, connection);
            var python = new LyceumKernel(LyceumKernel.DefaultName, connection, new KernelSettings());
            python.UseValueSharing();
            root.Add(python);
            root.AddConnectDirective(new ConnectLyceumDirective(connection));
            Prelude.SharedValueRequests.Install(root);

            KernelInvocationContext.Current?.DisplayAs(Welcome(connection), "text/markdown");
        }
    }

    private static string Welcome(LyceumConnection connection)
    {
        var signedIn = connection.Client is { } c
            ? $"Signed in to `{c.Endpoint}` with {Formatting.AccountView.Describe(c.Credential.Kind)} (from the environment or ~/.lyceum/config.json)."
            : "Not signed in yet: `#!lyceum login --api-key @password:\"Lyceum API key\"` (or set `LYCEUM_API_KEY` before starting the notebook).";
        return $"""
            **Lyceum is ready.** {signedIn}

            - Run Python on Lyceum: start a cell with `#!{LyceumKernel.DefaultName}` (options `--machine gpu.a100 --timeout 600 --session`); add packages with `#!requirements numpy pandas` lines.
            - More kernels with their own defaults: `#!connect lyceum --kernel-name gpu --machine gpu.a100`.
            - Account and files: `#!lyceum credits`, `#!lyceum files`, `#!lyceum upload PATH`, `#!lyceum history`, `#!lyceum runs`, `#!lyceum status`.
            - Everything else: `#!lyceum` shows all subcommands.
            """;
    }
}
