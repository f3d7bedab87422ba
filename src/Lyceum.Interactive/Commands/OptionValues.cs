namespace Lyceum.Interactive.Commands;

/// <summary>Where an option's value completions come from, besides fixed <see cref="OptionAttribute.Choices"/>.</summary>
internal enum OptionValues
{
    /// <summary>No completions.</summary>
    None,

    /// <summary>The machine types the account may use (asked once per login).</summary>
    Machines,

    /// <summary>The keys in storage.</summary>
    StorageKeys,

    /// <summary>The notebook's Lyceum kernels.</summary>
    LyceumKernels,
}
