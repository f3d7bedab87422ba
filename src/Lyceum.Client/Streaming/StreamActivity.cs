namespace Lyceum.Client.Streaming;

/// <summary>When one stream connection last showed life: a byte arrived, or the reader was busy handing output to
/// the caller. Silence only counts while the reader is waiting for the network, so a slow consumer never makes a
/// healthy connection look dead.</summary>
internal sealed class StreamActivity(TimeProvider time)
{
    private long _last = time.GetTimestamp();
    private volatile bool _waiting;

    /// <summary>The timestamp (of the stream's <see cref="TimeProvider"/>) of the last sign of life.</summary>
    public long Last => Volatile.Read(ref _last);

    /// <summary>How long the connection has been silent while the reader waited for it; zero while it is not waiting.</summary>
    public TimeSpan Silence => _waiting ? time.GetElapsedTime(Last) : TimeSpan.Zero;

    /// <summary>Bytes arrived.</summary>
    public void Touch() => Volatile.Write(ref _last, time.GetTimestamp());

    /// <summary>The reader starts waiting for the next message.</summary>
    public void BeginWait()
    {
        Touch();
        _waiting = true;
    }

    /// <summary>The reader has its message (or the connection ended). Not a sign of life by itself: a connection
    /// given up for silence keeps the time its silence began.</summary>
    public void EndWait() => _waiting = false;
}
