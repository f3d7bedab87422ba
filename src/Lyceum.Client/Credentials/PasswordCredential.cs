namespace Lyceum.Client.Credentials;

internal sealed class PasswordCredential(string email, string password) : RenewingCredential(refreshToken: null)
{
    public override string Kind => "password";

    internal override string RejectionHint => "check the email and password";

    protected override Task<TokenPair>? AcquireAsync(ITokenService tokens, CancellationToken cancellationToken) =>
        tokens.LoginAsync(email, password, cancellationToken);
}
