using Lyceum.Client;

namespace Lyceum.Interactive;

/// <summary>The credential the notebook's environment gives (<c>LYCEUM_API_KEY</c>, then <c>LYCEUM_API_TOKEN</c>), for
/// <c>#!lyceum login</c> without options and for the hints after a logout.</summary>
internal static class EnvironmentCredential
{
    /// <summary>The variable that holds a credential, or null when neither is set.</summary>
    public static string? Variable =>
        Set("LYCEUM_API_KEY") ? "LYCEUM_API_KEY" : Set("LYCEUM_API_TOKEN") ? "LYCEUM_API_TOKEN" : null;

    /// <summary>The credential from the environment, or null.</summary>
    public static LyceumCredential? Find() => Variable switch
    {
        "LYCEUM_API_KEY" => LyceumCredential.FromApiKey(Environment.GetEnvironmentVariable("LYCEUM_API_KEY")!.Trim()),
        "LYCEUM_API_TOKEN" => LyceumCredential.FromToken(Environment.GetEnvironmentVariable("LYCEUM_API_TOKEN")!.Trim()),
        _ => null,
    };

    private static bool Set(string name) => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name));
}
