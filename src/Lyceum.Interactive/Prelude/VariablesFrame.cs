using System.Text.Json;

namespace Lyceum.Interactive.Prelude;

/// <summary>
/// What a cell defined, sent after the run: the name and Python type of every top-level name, and the values
/// of only the names the user exported (<c>--export</c>) that JSON can carry within the size cap. What
/// RequestValue / RequestValueInfos and <c>#!set --value @kernel:name</c> answer from.
/// </summary>
/// <param name="Values">Exported name → value.</param>
/// <param name="TypeNames">Every defined name → the Python type's name (list, dict, DataFrame, function, …).</param>
/// <param name="Skipped">Exported names that were not sent: not defined, not JSON-serialisable or over the cap.</param>
internal sealed record VariablesFrame(
    IReadOnlyDictionary<string, JsonElement> Values,
    IReadOnlyDictionary<string, string> TypeNames,
    IReadOnlyList<NotCarriedValue> Skipped)
    : RemoteFrame;
