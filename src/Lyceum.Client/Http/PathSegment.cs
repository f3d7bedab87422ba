namespace Lyceum.Client.Http;

/// <summary>Escapes ids and storage keys for URL paths.</summary>
internal static class PathSegment
{
    public static string Escape(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        return Uri.EscapeDataString(value);
    }

    /// <summary>A storage key keeps its <c>/</c> separators; each segment is escaped.</summary>
    public static string EscapeKey(string key, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key, parameterName);
        var segments = key.TrimStart('/').Split('/');
        if (segments.Any(s => s is "." or ".."))
            throw new ArgumentException($"A storage key may not contain '.' or '..' segments (got '{key}').", parameterName);
        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }
}
