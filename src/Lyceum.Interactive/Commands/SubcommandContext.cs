using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;

namespace Lyceum.Interactive.Commands;

/// <summary>What a subcommand's handler works with: the connection to Lyceum, the notebook's Lyceum kernels and where
/// its output goes.</summary>
internal sealed class SubcommandContext
{
    private readonly CompositeKernel _root;

    /// <param name="root">The notebook's root kernel.</param>
    /// <param name="connection">The notebook's connection to Lyceum.</param>
    /// <param name="output">Where the subcommand's output goes.</param>
    public SubcommandContext(CompositeKernel root, LyceumConnection connection, CommandOutput output)
    {
        (_root, Connection, Output) = (root, connection, output);
    }

    /// <summary>The notebook's connection to Lyceum.</summary>
    public LyceumConnection Connection { get; }

    /// <summary>Where the subcommand's output goes.</summary>
    public CommandOutput Output { get; }

    /// <summary>Fires when the user stops the cell.</summary>
    public CancellationToken CancellationToken => Output.Stopped;

    /// <summary>The notebook's Lyceum kernels.</summary>
    public IEnumerable<LyceumKernel> Kernels => _root.ChildKernels.OfType<LyceumKernel>();

    /// <summary>The defaults of <c>#!lyceum-python</c> (a fresh set when it is gone).</summary>
    public KernelSettings DefaultSettings => Kernels.FirstOrDefault(k => k.Name == LyceumKernel.DefaultName)?.Settings ?? new KernelSettings();

    /// <summary>The Lyceum kernel named <paramref name="name"/> (default <c>lyceum-python</c>).</summary>
    /// <exception cref="LyceumCommandException">There is none; the message lists those there are.</exception>
    public LyceumKernel FindKernel(string? name)
    {
        name ??= LyceumKernel.DefaultName;
        return Kernels.FirstOrDefault(k => k.Name == name)
            ?? throw new LyceumCommandException(
                $"There is no Lyceum kernel named '{name}'. Lyceum kernels here: {string.Join(", ", Kernels.Select(k => k.Name))}. "
                + "Add one with #!connect lyceum --kernel-name NAME.");
    }

    /// <summary>Runs <paramref name="request"/> (an image or an attach) through the run pipeline into this cell.</summary>
    public Task RunAsync(RunRequest request) =>
        new RunSession(request, Connection, Output.RunSink(FindKernel(null)), Connection.Time).RunAsync();
}
