namespace Lyceum.Interactive.Remote;

/// <summary>How a <see cref="RunRequest"/> gets its run.</summary>
internal enum RunKind
{
    /// <summary>A Python cell, wrapped by the prelude.</summary>
    Cell,

    /// <summary><c>#!lyceum image</c>: a container image.</summary>
    Image,

    /// <summary><c>#!lyceum attach</c>: a run that already exists.</summary>
    Attach,
}
