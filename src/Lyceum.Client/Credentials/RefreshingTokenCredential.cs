namespace Lyceum.Client.Credentials;

internal sealed class RefreshingTokenCredential(string refreshToken) : RenewingCredential(refreshToken)
{
    public override string Kind => "token";

    internal override string RejectionHint => "the refresh token in ~/.lyceum/config.json was refused; log in again with the Lyceum CLI or set LYCEUM_API_KEY";

    protected override Task<TokenPair>? AcquireAsync(ITokenService tokens, CancellationToken cancellationToken) => null;
}
