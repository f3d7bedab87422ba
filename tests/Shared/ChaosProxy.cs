using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Lyceum.Tests;

/// <summary>A fault-injecting TCP proxy on 127.0.0.1 in front of a server. Each run registered with
/// <see cref="Plan"/> gets its faults, one per stream connection in order, struck after a given number of bytes sent
/// to the client: a cut (reset), a stall (the socket stays open, nothing more arrives), or a slow drip (bytes in
/// tiny pieces). Which run a connection belongs to is read from the stream request it carries. The target can be
/// switched (a restarted server on a new port) and every connection cut at once. Linked into every test project
/// (tests/Shared): the SDK's chaos suite and the extension's use the same proxy.</summary>
internal sealed partial class ChaosProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _plans = new();
    private readonly ConcurrentDictionary<Pipe, byte> _pipes = new();
    private readonly ConcurrentQueue<Fault> _nextConnections = new();
    private readonly ConcurrentQueue<Fault[]> _nextRuns = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile int _targetPort;
    private int _faultsStruck;

    public ChaosProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>What happens to one stream connection.</summary>
    public enum FaultKind
    {
        Cut,
        Stall,
        Drip,
    }

    /// <summary>A fault struck after <paramref name="AfterBytes"/> bytes of the answer; a drip lasts <paramref name="Length"/> bytes.</summary>
    public readonly record struct Fault(FaultKind Kind, int AfterBytes, int Length = 0);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>How many faults have been struck so far (a plan whose run ended first strikes fewer).</summary>
    public int FaultsStruck => Volatile.Read(ref _faultsStruck);

    /// <summary>The faults for a run's stream connections, in order; connections after the last one are left alone.</summary>
    public void Plan(string executionId, IEnumerable<Fault> faults) => _plans[executionId] = new ConcurrentQueue<Fault>(faults);

    /// <summary>The faults for the stream connections of the next run whose stream is opened, whatever its id (for
    /// callers that do not see the id before the stream starts, such as a notebook cell). Unlike
    /// <see cref="FaultNextConnection"/> it also strikes a stream on a reused (keep-alive) connection.</summary>
    public void PlanNextRun(IEnumerable<Fault> faults) => _nextRuns.Enqueue(faults.ToArray());

    /// <summary>The next new connection, whatever it carries, suffers this fault.</summary>
    public void FaultNextConnection(Fault fault) => _nextConnections.Enqueue(fault);

    /// <summary>New connections go to this port from now on (a restarted server).</summary>
    public void Retarget(int port) => _targetPort = port;

    /// <summary>Resets every open connection.</summary>
    public void CutAll()
    {
        foreach (var pipe in _pipes.Keys)
            pipe.Cut();
    }

    /// <summary>Every open connection stops passing data to its client (sockets stay open); new connections are fine.</summary>
    public void StallAll()
    {
        foreach (var pipe in _pipes.Keys)
            pipe.Stall();
    }

    /// <summary>A deterministic plan of one to four faults from a seed.</summary>
    public static IReadOnlyList<Fault> RandomPlan(Random random)
    {
        var faults = new List<Fault>();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            var kind = (FaultKind)random.Next(3);
            faults.Add(new Fault(kind, random.Next(0, 40_000), kind == FaultKind.Drip ? random.Next(200, 3_000) : 0));
        }

        return faults;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The server is down (restarting): the client sees its connection reset.
            Reset(client);
            upstream.Dispose();
            return;
        }

        var pipe = new Pipe(this, client, upstream);
        if (_nextConnections.TryDequeue(out var fault))
        {
            Interlocked.Increment(ref _faultsStruck);
            pipe.Arm(fault);
        }

        _pipes[pipe] = 0;
        try
        {
            await pipe.RunAsync();
        }
        finally
        {
            _pipes.TryRemove(pipe, out _);
        }
    }

    private Fault? NextFault(string executionId)
    {
        if (!_plans.TryGetValue(executionId, out var faults))
        {
            if (!_nextRuns.TryDequeue(out var plan))
                return null;
            faults = _plans.GetOrAdd(executionId, new ConcurrentQueue<Fault>(plan));
        }

        if (!faults.TryDequeue(out var fault))
            return null;
        Interlocked.Increment(ref _faultsStruck);
        return fault;
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    [GeneratedRegex(@"^GET [^ ]*/execution/streaming/([^/ ?]+)/stream/", RegexOptions.Multiline)]
    private static partial Regex StreamRequest();

    /// <summary>One proxied connection: client→server bytes pass untouched (and are read for stream requests);
    /// server→client bytes suffer the armed fault.</summary>
    private sealed class Pipe(ChaosProxy proxy, Socket client, Socket upstream)
    {
        private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Fault? _armed;
        private volatile bool _stalled;
        private long _countdown;
        private int _closed;

        public void Cut()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1)
                return;
            Reset(client);
            Reset(upstream);
            _cut.TrySetResult();
        }

        public void Stall() => _stalled = true;

        public void Arm(Fault fault)
        {
            lock (this)
            {
                _armed = fault;
                _countdown = fault.AfterBytes;
            }
        }

        public async Task RunAsync()
        {
            var up = PumpUpAsync();
            var down = PumpDownAsync();
            await Task.WhenAny(up, down);
            Cut();
            await Task.WhenAll(Quietly(up), Quietly(down));
        }

        private static async Task Quietly(Task task)
        {
            try
            {
                await task;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
            {
            }
        }

        private async Task PumpUpAsync()
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var n = await client.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                    return;
                if (StreamRequest().Match(Encoding.ASCII.GetString(buffer, 0, n)) is { Success: true } request
                    && proxy.NextFault(request.Groups[1].Value) is { } fault)
                    Arm(fault);

                await SendAllAsync(upstream, buffer.AsMemory(0, n));
            }
        }

        private async Task PumpDownAsync()
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var n = await upstream.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                    return;
                ReadOnlyMemory<byte> data = buffer.AsMemory(0, n);
                while (!data.IsEmpty)
                {
                    if (_stalled)
                    {
                        await _cut.Task;
                        return;
                    }

                    Fault? fault;
                    int clean;
                    lock (this)
                    {
                        fault = _armed;
                        clean = fault is null ? data.Length : (int)Math.Min(data.Length, _countdown);
                        if (fault is not null)
                            _countdown -= clean;
                    }

                    await SendAllAsync(client, data[..clean]);
                    data = data[clean..];
                    if (fault is not { } struck || data.IsEmpty && _countdown > 0)
                        continue;
                    lock (this)
                        _armed = null;
                    switch (struck.Kind)
                    {
                        case FaultKind.Cut:
                            Cut();
                            return;
                        case FaultKind.Stall:
                            // Nothing more reaches the client; the sockets stay open until it gives up.
                            _stalled = true;
                            break;
                        case FaultKind.Drip:
                            data = await DripAsync(data, struck.Length);
                            break;
                    }
                }
            }
        }

        /// <summary>Sends up to <paramref name="length"/> bytes one to seven at a time; returns what is left of the buffer.</summary>
        private async Task<ReadOnlyMemory<byte>> DripAsync(ReadOnlyMemory<byte> data, int length)
        {
            var piece = 1;
            while (!data.IsEmpty && length > 0)
            {
                var size = Math.Min(Math.Min(piece, data.Length), length);
                await SendAllAsync(client, data[..size]);
                data = data[size..];
                length -= size;
                piece = piece % 7 + 1;
                await Task.Yield();
            }

            return data;
        }

        private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
        {
            while (!data.IsEmpty)
                data = data[await socket.SendAsync(data, SocketFlags.None)..];
        }
    }
}
