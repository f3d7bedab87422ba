using Lyceum.Local.Auth;
using Lyceum.Local.Data;

namespace Lyceum.Local.Endpoints;

/// <summary>What the auth, key and user endpoints need.</summary>
internal sealed record AuthServices(AccountStore Accounts, ApiKeyStore Keys, RefreshTokenStore RefreshTokens, TokenService Tokens, TimeProvider Time);
