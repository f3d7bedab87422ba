namespace Lyceum.Client.Storage;

/// <summary>Size and MD5-etag checks shared by uploads and downloads.</summary>
internal static class TransferChecks
{
    public static string? NormalizeETag(string? etag)
    {
        if (string.IsNullOrWhiteSpace(etag))
            return null;
        var tag = etag.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
            tag = tag[2..];
        return tag.Trim('"');
    }

    /// <summary>A single-part S3 etag is the hex MD5 of the content; multipart ones (<c>…-N</c>) are not.</summary>
    public static bool IsMd5(string? etag) => etag is { Length: 32 } && etag.All(char.IsAsciiHexDigit);

    public static void VerifySize(string what, string key, long actual, long? expected)
    {
        if (expected is { } e && e != actual)
            throw new InvalidDataException($"The {what} of '{key}' moved {actual} bytes but {e} were expected; nothing was kept — try again.");
    }

    public static void VerifyMd5(string what, string key, byte[]? actual, string? etag)
    {
        if (actual is null || !IsMd5(etag))
            return;
        var hex = Convert.ToHexStringLower(actual);
        if (!string.Equals(hex, etag, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The {what} of '{key}' is corrupt: its MD5 is {hex} but the service's etag is {etag}; nothing was kept — try again.");
    }
}
