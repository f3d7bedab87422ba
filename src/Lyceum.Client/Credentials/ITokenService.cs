namespace Lyceum.Client.Credentials;

/// <summary>The unauthenticated calls a refreshing credential needs, and the client's clock.</summary>
internal interface ITokenService
{
    TimeProvider Time { get; }

    Task<TokenPair> LoginAsync(string email, string password, CancellationToken cancellationToken);

    Task<TokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken);
}
