namespace Lyceum.Local.S3;

/// <summary>An authenticated S3 request: whose it is, and what aws-chunked bodies are checked against.</summary>
internal sealed record S3Caller(string AccountId, string Bucket, string PayloadHash, ChunkSigning? Signing);

/// <summary>The seed of a streaming (aws-chunked) upload: each chunk's signature chains from the request's.</summary>
internal sealed record ChunkSigning(byte[] SigningKey, string AmzDate, string Scope, string SeedSignature);
