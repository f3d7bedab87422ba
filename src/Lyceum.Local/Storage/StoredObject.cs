namespace Lyceum.Local.Storage;

/// <summary>One stored file, as /storage/list-files shows it.</summary>
internal sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified, string Etag);
