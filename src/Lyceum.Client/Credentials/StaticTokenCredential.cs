namespace Lyceum.Client.Credentials;

internal sealed class StaticTokenCredential(string jwt) : LyceumCredential
{
    public override string Kind => "token";

    internal override string RejectionHint => "check LYCEUM_API_TOKEN: the token may have expired (JWTs last 24 h); log in again or use an API key";

    internal override ValueTask<string> GetTokenAsync(ITokenService tokens, CancellationToken cancellationToken) => ValueTask.FromResult(jwt);
}
