using System.Text;

namespace Lyceum.Local.Storage;

/// <summary>
/// The rules for storage keys and run file paths: relative, 1–1024 UTF-8 bytes, names of at most 255 bytes, no way out of
/// the folder. Checked before the disk is touched, so a bad key is a 400 naming the field, never an I/O error.
/// </summary>
internal static class StorageKey
{
    public const int MaxBytes = 1024;

    /// <summary>The longest folder or file name (a segment between '/'), as file systems allow it.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Null when the key is acceptable, else what is wrong with it.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
            return "the key is empty; give 1 to 1024 UTF-8 bytes such as 'data/input.csv'";
        if (Encoding.UTF8.GetByteCount(key) > MaxBytes)
            return $"the key is longer than {MaxBytes} UTF-8 bytes";
        if (key.Any(c => char.IsControl(c)))
            return "the key contains NUL or control characters";
        if (key.Contains('\\'))
            return "the key contains a backslash; separate folders with '/'";
        if (key.StartsWith('/') || (key.Length > 1 && key[1] == ':'))
            return "the key is an absolute path; give a relative key such as 'data/input.csv'";
        var segments = key.Split('/');
        if (segments.Any(s => s == ".."))
            return "the key contains a '..' segment";
        if (segments.Any(s => s == "."))
            return "the key contains a '.' segment";
        if (segments.Any(s => s.Length == 0))
            return "the key contains an empty segment ('//' or a trailing '/')";
        if (key.Any(char.IsSurrogate) && !IsWellFormed(key))
            return "the key is not valid UTF-8";
        if (segments.Any(s => Encoding.UTF8.GetByteCount(s) > MaxSegmentBytes))
            return $"a folder or file name in the key is longer than {MaxSegmentBytes} UTF-8 bytes; shorten it";
        return null;
    }

    /// <summary>The key's place under <paramref name="root"/>, checked to stay inside it.</summary>
    public static string PathUnder(string root, string key)
    {
        var full = Path.GetFullPath(Path.Combine(root, key));
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal))
            throw new InvalidOperationException("A key resolved outside its folder; it should have been refused.");
        return full;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return false;
        }
        return true;
    }
}
