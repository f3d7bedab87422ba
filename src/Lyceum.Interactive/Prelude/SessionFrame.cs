namespace Lyceum.Interactive.Prelude;

/// <summary>Session mode's state after the run: give <see cref="State"/> to the next run of the same kernel.</summary>
/// <param name="State">zlib-compressed pickle of the carried globals (opaque; pass it back to <see cref="CellProgram.Build"/>).</param>
/// <param name="Pickler">cloudpickle, dill or pickle: what the remote side had.</param>
/// <param name="Carried">The names in the state.</param>
/// <param name="NotCarried">The names left out and why; show them, never drop them silently.</param>
internal sealed record SessionFrame(byte[] State, string Pickler, IReadOnlyList<string> Carried, IReadOnlyList<NotCarriedValue> NotCarried)
    : RemoteFrame;
