using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Local.Auth;

/// <summary>Random identifiers and one-way hashes; secrets are stored only as these hashes.</summary>
internal static class Secrets
{
    public static string Random(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    public static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>SHA-256 is enough for API keys and refresh tokens: they carry 256 random bits, nothing to brute-force.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool SameText(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
