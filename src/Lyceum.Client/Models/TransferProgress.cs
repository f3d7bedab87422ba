namespace Lyceum.Client;

/// <summary>How far an upload or download has come.</summary>
/// <param name="BytesTransferred">Bytes moved so far.</param>
/// <param name="TotalBytes">The total, when known.</param>
public readonly record struct TransferProgress(long BytesTransferred, long? TotalBytes)
{
    /// <summary>Fraction done in [0, 1], when the total is known.</summary>
    public double? Fraction => TotalBytes is > 0 and var total ? (double)BytesTransferred / total : null;

    /// <summary>The number of parts when the transfer goes straight to the bucket over S3 multipart (in parallel); null
    /// when it goes through the storage API as one stream.</summary>
    public int? Parts { get; init; }

    /// <summary>How many of the <see cref="Parts"/> are finished.</summary>
    public int PartsDone { get; init; }
}
