using System.Text.Json;

namespace Lyceum.Interactive.Prelude;

/// <summary>
/// The cell's top-level variables that JSON can carry (within the size cap), sent after the run:
/// what RequestValue / RequestValueInfos and <c>#!set --value @kernel:name</c> answer from.
/// </summary>
/// <param name="Values">Name → value.</param>
/// <param name="TypeNames">Name → the Python type's name (list, dict, DataFrame, …), for RequestValueInfos.</param>
/// <param name="Skipped">Top-level data names that were not sent: not JSON-serialisable or over the cap.</param>
internal sealed record VariablesFrame(
    IReadOnlyDictionary<string, JsonElement> Values,
    IReadOnlyDictionary<string, string> TypeNames,
    IReadOnlyList<NotCarriedValue> Skipped)
    : RemoteFrame;
