namespace Lyceum.Interactive.Prelude;

/// <summary>What to tell someone who asks a Lyceum kernel for a value the last cell did not send back.</summary>
internal static class ExportAdvice
{
    /// <summary>
    /// The sentence for <c>#!set --value @KERNEL:NAME</c> (or RequestValue) of a name without a value here:
    /// defined but not exported says exactly which option exports it; unknown lists what the cell defined.
    /// </summary>
    /// <param name="kernelName">The Lyceum kernel's name, e.g. <c>lyceum-python</c>.</param>
    /// <param name="name">The name asked for.</param>
    /// <param name="typeNames">Every name the last cell defined, with its Python type.</param>
    /// <param name="skipped">Exported names that could not be sent, with the reason.</param>
    public static string NotSent(
        string kernelName, string name, IReadOnlyDictionary<string, string> typeNames, IReadOnlyList<NotCarriedValue> skipped)
    {
        ArgumentNullException.ThrowIfNull(typeNames);
        ArgumentNullException.ThrowIfNull(skipped);
        if (skipped.FirstOrDefault(s => s.Name == name) is { } reason)
        {
            return $"#!{kernelName} could not send '{name}' back: {reason.Reason}. Share numbers, strings, lists, dictionaries or DataFrames.";
        }
        if (typeNames.TryGetValue(name, out var type))
        {
            return $"'{name}' ({type}) stays on the machine: values leave a run only when exported. "
                + $"Start the cell with #!{kernelName} --export {name} (or --export * for every value) and run it again.";
        }
        var defined = typeNames.Count == 0 ? "nothing yet: run a cell first" : string.Join(", ", typeNames.Keys);
        return $"#!{kernelName} has no variable '{name}' (the last cell defined: {defined}).";
    }
}
