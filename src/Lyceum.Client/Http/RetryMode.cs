namespace Lyceum.Client.Http;

/// <summary>When a request may be sent again.</summary>
internal enum RetryMode
{
    /// <summary>Repeating it changes nothing (GET, DELETE, abort): retried on 408/429/5xx and transport failures.</summary>
    Idempotent,

    /// <summary>It creates work or money movements: retried only when the service certainly did not act (429, 503, connection refused).</summary>
    OnlyIfNotActed,

    /// <summary>The caller retries on its own terms (stream reopens, silence checks): never repeated here.</summary>
    Never,
}
