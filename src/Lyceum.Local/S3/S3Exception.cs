namespace Lyceum.Local.S3;

/// <summary>An S3 error answer (status, S3's error code, a message that says what to do); made by <see cref="S3Errors"/>.</summary>
internal sealed class S3Exception(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}
