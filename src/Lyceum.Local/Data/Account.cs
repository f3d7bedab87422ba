namespace Lyceum.Local.Data;

/// <summary>A stored account.</summary>
internal sealed record Account(string Id, string Email, string PasswordHash, DateTimeOffset CreatedAt);
