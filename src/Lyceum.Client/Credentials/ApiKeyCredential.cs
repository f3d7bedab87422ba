namespace Lyceum.Client.Credentials;

internal sealed class ApiKeyCredential(string apiKey) : LyceumCredential
{
    public override string Kind => "api-key";

    internal override string RejectionHint => "check LYCEUM_API_KEY (or the API key given in code): it may be wrong, expired or deactivated";

    internal override ValueTask<string> GetTokenAsync(ITokenService tokens, CancellationToken cancellationToken) => ValueTask.FromResult(apiKey);
}
