namespace Lyceum.Runner;

/// <summary>Masks the API key the runner hands to the host wherever cell output would echo it.</summary>
internal sealed class SecretRedactor
{
    private const string Mask = "***";
    private readonly List<string> _secrets = [];

    public void Add(string? secret)
    {
        // Very short values would mask ordinary text; real keys are long.
        if (secret is { Length: >= 8 } && !_secrets.Contains(secret))
        {
            _secrets.Add(secret);
        }
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
