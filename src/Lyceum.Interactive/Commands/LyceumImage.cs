using System.Text.Json;
using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum image REF</c>: runs a Docker image on Lyceum and streams its output like a cell.</summary>
public sealed class LyceumImage : KernelCommand
{
    /// <summary>The image reference, e.g. python:3.12-slim.</summary>
    public string? Image { get; set; }

    /// <summary>--cmd: the command, as a JSON array of strings or one string split on spaces.</summary>
    public JsonElement? Cmd { get; set; }

    /// <summary>--env: environment variables, KEY=VALUE separated by ';' or newlines, or a JSON object.</summary>
    public JsonElement? Env { get; set; }

    /// <summary>--machine: the machine type.</summary>
    public string? Machine { get; set; }

    /// <summary>--timeout: the time limit in seconds (1–600). Text, so a typo gets a clear message, not a JSON error.</summary>
    public string? Timeout { get; set; }
}
