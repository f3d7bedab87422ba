using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum config</c>: shows or sets a Lyceum kernel's defaults for later cells.</summary>
public sealed class LyceumConfig : KernelCommand
{
    /// <summary>--kernel: the Lyceum kernel (default lyceum-python).</summary>
    public string? Kernel { get; set; }

    /// <summary>--machine: the machine type.</summary>
    public string? Machine { get; set; }

    /// <summary>--timeout: the time limit in seconds (1–600). Text, so a typo gets a clear message, not a JSON error.</summary>
    public string? Timeout { get; set; }

    /// <summary>--requirements-file: a requirements.txt every cell installs ("none" clears it).</summary>
    public string? RequirementsFile { get; set; }

    /// <summary>--output-cap: how much output a cell shows, e.g. 1MB or 200KB.</summary>
    public string? OutputCap { get; set; }

    /// <summary>--session: carry state between cells (true/false).</summary>
    public string? Session { get; set; }

    /// <summary>--budget: this notebook session's spending limit in credits ("none" lifts it).</summary>
    public string? Budget { get; set; }

    /// <summary>--figure-format: png or svg for matplotlib figures.</summary>
    public string? FigureFormat { get; set; }
}
