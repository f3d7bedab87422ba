using Microsoft.IdentityModel.JsonWebTokens;

namespace Lyceum.Client.Credentials;

/// <summary>A credential whose JWT access token is renewed 300 s before it expires and once after a 401.
/// One renewal is shared by all concurrent callers.</summary>
internal abstract class RenewingCredential : LyceumCredential
{
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(300);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Session? _session;
    private string? _refreshToken;

    protected RenewingCredential(string? refreshToken) => _refreshToken = refreshToken;

    /// <summary>How many times a token was fetched (login or refresh); lets tests see that renewals are shared.</summary>
    internal int Renewals { get; private set; }

    /// <summary>Gets tokens from scratch (login), or null when this credential cannot.</summary>
    protected abstract Task<TokenPair>? AcquireAsync(ITokenService tokens, CancellationToken cancellationToken);

    internal override async ValueTask<string> GetTokenAsync(ITokenService tokens, CancellationToken cancellationToken)
    {
        var session = _session;
        if (session is not null && !session.IsDue(tokens.Time))
            return session.AccessToken;

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            session = _session;
            if (session is not null && !session.IsDue(tokens.Time))
                return session.AccessToken;
            return (await RenewAsync(tokens, cancellationToken).ConfigureAwait(false)).AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    internal override async ValueTask<bool> RenewAfterRejectionAsync(ITokenService tokens, string rejectedToken, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller already replaced the rejected token: use theirs.
            if (_session is { } current && current.AccessToken != rejectedToken)
                return true;
            await RenewAsync(tokens, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Session> RenewAsync(ITokenService tokens, CancellationToken cancellationToken)
    {
        TokenPair pair;
        if (_refreshToken is { } refreshToken)
        {
            try
            {
                pair = await tokens.RefreshAsync(refreshToken, cancellationToken).ConfigureAwait(false);
            }
            catch (LyceumApiException e) when (e.StatusCode is 400 or 401 or 403 && AcquireAsync(tokens, cancellationToken) is { } login)
            {
                // The refresh token was refused; a password credential can still log in afresh.
                pair = await login.ConfigureAwait(false);
            }
        }
        else
        {
            pair = await (AcquireAsync(tokens, cancellationToken)
                ?? throw new InvalidOperationException("This credential has neither a refresh token nor a way to log in.")).ConfigureAwait(false);
        }

        Renewals++;
        if (!string.IsNullOrEmpty(pair.RefreshToken))
            _refreshToken = pair.RefreshToken;
        var session = new Session(pair.AccessToken, ExpiryOf(pair, tokens.Time.GetUtcNow()));
        _session = session;
        return session;
    }

    private static DateTimeOffset ExpiryOf(TokenPair pair, DateTimeOffset now)
    {
        var byLifetime = now + TimeSpan.FromSeconds(pair.ExpiresIn > 0 ? pair.ExpiresIn : 86400);
        try
        {
            var exp = new JsonWebToken(pair.AccessToken).ValidTo;
            if (exp > DateTime.UnixEpoch)
                return new DateTimeOffset(DateTime.SpecifyKind(exp, DateTimeKind.Utc)) < byLifetime
                    ? new DateTimeOffset(DateTime.SpecifyKind(exp, DateTimeKind.Utc))
                    : byLifetime;
        }
        catch (ArgumentException)
        {
            // Not a decodable JWT (some test services hand out opaque tokens): trust expires_in.
        }

        return byLifetime;
    }

    private sealed record Session(string AccessToken, DateTimeOffset ExpiresAt)
    {
        public bool IsDue(TimeProvider time) => time.GetUtcNow() >= ExpiresAt - RefreshMargin;
    }
}
