using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Remote;

/// <summary><c>#!connect lyceum --kernel-name NAME [--machine M] [--timeout S] [--session] [--export a,b|*] [--storage]</c>: adds another Lyceum kernel.</summary>
/// <param name="connectedKernelName">The new kernel's name.</param>
public sealed class ConnectLyceum(string connectedKernelName) : ConnectKernelCommand(connectedKernelName)
{
    /// <summary>The machine type its cells run on (default cpu).</summary>
    public string? Machine { get; set; }

    /// <summary>Its cells' time limit in seconds (1–600). Text, so a typo gets a clear message, not a JSON error.</summary>
    public string? Timeout { get; set; }

    /// <summary>Carry picklable globals from cell to cell: on/off, true/false, or null when typed alone or not at all
    /// (text, so <c>--session off</c> binds; the host drops a value-less option and the line as typed says which).</summary>
    public string? Session { get; set; }

    /// <summary>The names whose values every cell sends back: <c>df,metrics</c>, or <c>*</c> for every one.</summary>
    public string? Export { get; set; }

    /// <summary>Every cell gets fresh temporary credentials for the account's storage bucket: on/off, true/false, or
    /// null when typed alone or not at all (as <see cref="Session"/>).</summary>
    public string? Storage { get; set; }
}
