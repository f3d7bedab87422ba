using Microsoft.Extensions.Logging;

namespace Lyceum.Client;

/// <summary>Settings for a <see cref="LyceumClient"/>; read once and frozen when the client is built.</summary>
public sealed class LyceumClientOptions
{
    /// <summary>The default service endpoint.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.lyceum.technology/api/v2/external");

    /// <summary>The API base URL. A bare host gets <c>/api/v2/external</c>. Default: <c>LYCEUM_API_URL</c>, then the service.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Retry behaviour.</summary>
    public LyceumRetryOptions Retry { get; set; } = new();

    /// <summary>The longest one attempt may take, its answer included (streams and transfers are not limited). Default 100 s.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The clock used for token expiry, backoff and polling; tests inject a fake.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Whether uploads and downloads are checked against the service's MD5 etag (sizes are always checked).
    /// Default true; hashing caps a transfer at the machine's MD5 speed (a few hundred MB/s per core), so for very
    /// large files over TLS (which already guards the bytes in transit) it can be turned off.</summary>
    public bool VerifyChecksums { get; set; } = true;

    /// <summary>Files of at least this many bytes are uploaded and downloaded (by path) straight to the bucket over S3,
    /// in parallel multipart parts, when the service hands out storage credentials; smaller ones, streams, and services
    /// without credentials use <c>/storage/*</c>. Default 64 MiB; null turns the S3 path off.</summary>
    public long? S3TransferThreshold { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many parts of one S3 transfer move at once (default 4).</summary>
    public int S3TransferConcurrency { get; set; } = 4;

    /// <summary>The innermost HTTP handler; a <see cref="SocketsHttpHandler"/> when null. Owned by the caller.</summary>
    public HttpMessageHandler? Transport { get; set; }

    /// <summary>Your application's name (and version), put first in every request's <c>User-Agent</c>:
    /// <c>my-tool/1.2 Lyceum.Client/0.3.0 (.NET 10.0.1; Linux …)</c>. 1-64 letters, digits and <c>. _ - / +</c>.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>Where the SDK logs (category <c>Lyceum.Client</c>): requests and their answers at Debug, retries at
    /// Information, rate-limit waits at Warning. API keys, tokens, headers and bodies are never logged. None when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>How a run's output stream is read when <see cref="ExecutionsClient.StreamAsync(ExecutionStarted, StreamOptions?, CancellationToken)"/>
    /// is given no options — e.g. by the notebook extension, whose every run streams with these (silence checks,
    /// reconnect backoff, keep-alives). Default: <c>new StreamOptions()</c>.</summary>
    public StreamOptions? Stream { get; set; }

    internal LyceumClientOptions Copy() => new()
    {
        Stream = Stream,
        Endpoint = Endpoint,
        Retry = Retry,
        NetworkTimeout = NetworkTimeout,
        TimeProvider = TimeProvider,
        Transport = Transport,
        VerifyChecksums = VerifyChecksums,
        ApplicationId = ApplicationId,
        LoggerFactory = LoggerFactory,
        S3TransferThreshold = S3TransferThreshold,
        S3TransferConcurrency = S3TransferConcurrency,
    };
}
