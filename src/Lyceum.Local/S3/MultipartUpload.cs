namespace Lyceum.Local.S3;

/// <summary>
/// An unfinished multipart upload: invisible to listings and downloads until it is completed. <paramref name="PartSize"/>
/// is the size its data file is laid out by (set by the first full-sized part), null until then.
/// <paramref name="ChecksumAlgorithm"/> is the x-amz-checksum-algorithm it was created with (upper case), if any.
/// </summary>
internal sealed record MultipartUpload(string UploadId, string AccountId, string Key, DateTimeOffset Initiated, long? PartSize = null, string? ChecksumAlgorithm = null);
