namespace Lyceum.Client;

/// <summary>A file in the account's storage bucket.</summary>
/// <param name="Key">Its key (a path; may contain <c>/</c>).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="LastModified">When it was last written.</param>
/// <param name="ETag">Its entity tag (the MD5 of the content for single-part uploads), without quotes.</param>
public sealed record StorageObject(string Key, long Size, DateTimeOffset? LastModified, string? ETag);
