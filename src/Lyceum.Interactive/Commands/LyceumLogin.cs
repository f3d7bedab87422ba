using Microsoft.DotNet.Interactive.Commands;

namespace Lyceum.Interactive.Commands;

/// <summary><c>#!lyceum login</c>: signs the notebook in with an API key, or an email and password. The secrets are cleared from the command once read.</summary>
public sealed class LyceumLogin : KernelCommand
{
    /// <summary>--api-key: an API key (lk_…).</summary>
    public string? ApiKey { get; set; }

    /// <summary>--email: the account's email (with --password).</summary>
    public string? Email { get; set; }

    /// <summary>--password: the account's password (with --email).</summary>
    public string? Password { get; set; }

    /// <summary>--url: the service, e.g. http://127.0.0.1:8080 (a bare host gets /api/v2/external).</summary>
    public string? Url { get; set; }
}
