using System.Text.Json;

namespace Lyceum.Interactive.Prelude;

/// <summary>A structured message the prelude sent; <see cref="RemoteFrame.From"/> gives it a type.</summary>
/// <param name="Kind">display, result, variables or session (later preludes may add kinds).</param>
/// <param name="Payload">The frame's JSON object.</param>
internal sealed record FramePiece(string Kind, JsonElement Payload) : StdoutPiece;
