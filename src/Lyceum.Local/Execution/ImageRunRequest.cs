namespace Lyceum.Local.Execution;

/// <summary>A validated image run.</summary>
internal sealed record ImageRunRequest(
    string Image, IReadOnlyList<string> Command, IReadOnlyList<KeyValuePair<string, string>> Environment, bool MountStorage);
