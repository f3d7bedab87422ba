namespace Lyceum.Interactive.Prelude;

/// <summary>A top-level name the prelude did not send back, and why (shown to the user, never dropped silently).</summary>
/// <param name="Name">The Python variable's name.</param>
/// <param name="Reason">E.g. "module (import it again in the cell)", "open file", "unpicklable (…)", "over the 20 MB session cap".</param>
internal sealed record NotCarriedValue(string Name, string Reason);
