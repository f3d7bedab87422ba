namespace Lyceum.Client;

/// <summary>A JWT access token and the refresh token that renews it.</summary>
/// <param name="AccessToken">The access token (a JWT). Never shown by <see cref="ToString"/>.</param>
/// <param name="RefreshToken">The refresh token. Never shown by <see cref="ToString"/>.</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn)
{
    /// <summary>The user's id, when the service sends it.</summary>
    public string? UserId { get; init; }

    /// <summary>The user's email, when the service sends it.</summary>
    public string? Email { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"TokenPair {{ ExpiresIn = {ExpiresIn}, UserId = {UserId}, Email = {Email} }}";
}
