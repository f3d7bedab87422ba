using System.Text.Json;
using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!requirements pkg==1.0 other</c> / <c>#!requirements --file requirements.txt</c> inside a Lyceum cell.
/// The host's parser cannot bind several bare values, so the kernel reads these lines from the cell's text itself;
/// this command only makes the line known to the parser (and to completions and hover).</summary>
public sealed class LyceumRequirements : KernelCommand
{
    /// <summary>The packages as the parser bound them (one bare value at most); not used.</summary>
    public JsonElement? Packages { get; set; }

    /// <summary>--file: a requirements.txt.</summary>
    public string? File { get; set; }
}
