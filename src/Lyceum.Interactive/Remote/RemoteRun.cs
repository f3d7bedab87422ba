using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Prelude;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive.Remote;

/// <summary>
/// Runs something on Lyceum inside one command (a cell, <c>#!lyceum image</c>, <c>#!lyceum attach</c>): one status card,
/// the output streamed in, the stop button aborting the run on the service, and the cell's ending (success, or a
/// failure that says which and why).
/// </summary>
internal sealed class RemoteRun
{
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(10);

    private readonly KernelInvocationContext _context;
    private readonly KernelCommand _command;
    private readonly LyceumClient _client;
    private readonly RunCardDisplay _card;
    private readonly LyceumKernel _host;
    private string? _executionId;
    private volatile bool _finished;
    private int _stoppedRun;

    /// <param name="context">The command's context.</param>
    /// <param name="command">The command (the cell).</param>
    /// <param name="client">The signed-in client.</param>
    /// <param name="what">What runs, for the card.</param>
    /// <param name="machine">The machine type, for the card.</param>
    /// <param name="host">The Lyceum kernel whose events reach the front end even after the command ended (the card's
    /// last update after the stop button), and whose root reports the stop button.</param>
    public RemoteRun(KernelInvocationContext context, KernelCommand command, LyceumClient client, string what, string? machine, LyceumKernel host)
    {
        (_context, _command, _client, _host) = (context, command, client, host);
        _card = new RunCardDisplay(context, command, new RunCard { What = what, State = "starting", Machine = machine }, host.Broadcast);
    }

    /// <summary>The card, for frames that add to it (names not carried).</summary>
    public RunCardDisplay Card => _card;

    /// <summary>Starts (or finds) the run, streams it into the cell and ends the command the way the run ended.
    /// Returns the ending, or null when the user stopped it.</summary>
    /// <param name="start">Starts the run; returns its id and stream, or null to fail without a run.</param>
    /// <param name="capBytes">The output cap.</param>
    /// <param name="decoder">The prelude's frame decoder, for cells run through the prelude.</param>
    /// <param name="onFrame">Where prelude frames go.</param>
    /// <param name="stream">How to read the run's events; its output stream when null.</param>
    public async Task<ExecutionFinished?> RunAsync(
        Func<CancellationToken, Task<ExecutionStarted>> start,
        long capBytes,
        FrameDecoder? decoder = null,
        Action<RemoteFrame>? onFrame = null,
        Func<ExecutionStarted, CancellationToken, IAsyncEnumerable<ExecutionEvent>>? stream = null)
    {
        // The stop button cancels the context's token: the run is stopped on the service.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_context.CancellationToken);
        var cancellationToken = stop.Token;
        _card.Show(c => c);
        using var registration = cancellationToken.Register(Stop);
        ExecutionStarted started;
        try
        {
            started = await start(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Token callbacks run last-registered-first: this handler can wake before Stop's callback has run, and leaving
            // disposes the registration, so stop here too (Stop runs once).
            Stop();
            return null;
        }
        catch (Exception error) when (error is LyceumException or LyceumCommandException)
        {
            _finished = true;
            _card.Show(c => c with { State = "not started", Ended = true, Message = error.Message }, freeze: true);
            throw;
        }
        _executionId = started.ExecutionId;
        if (cancellationToken.IsCancellationRequested)
        {
            Stop();
            return null;
        }
        _card.Show(c => c with { ExecutionId = started.ExecutionId, State = started.Status });

        using var relay = new OutputRelay(_context, _command, capBytes, started.ExecutionId);
        var watcher = new RunWatcher(relay, _card, decoder, onFrame ?? (_ => { }));
        ExecutionFinished finished;
        try
        {
            var events = stream?.Invoke(started, cancellationToken) ?? _client.Executions.StreamAsync(started, cancellationToken: cancellationToken);
            finished = await watcher.WatchAsync(events, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Token callbacks run last-registered-first: this handler can wake before Stop's callback has run, and leaving
            // disposes the registration, so stop here too (Stop runs once).
            Stop();
            return null;
        }
        catch (Exception error) when (error is LyceumException or LyceumCommandException)
        {
            _finished = true;
            _card.Show(c => c with { State = "lost", Ended = true, Message = error.Message, LogFile = relay.LogFile }, freeze: true);
            throw new LyceumCommandException($"Lost the output of run {started.ExecutionId}: {error.Message} Follow it again with #!lyceum attach {started.ExecutionId}.", error);
        }

        _finished = true;
        var cost = await CostAsync(started.ExecutionId).ConfigureAwait(false);
        var failure = Failure(finished, started.ExecutionId, relay.StderrTail);
        _card.Show(c => c with
        {
            State = finished.Status,
            Ended = true,
            Cost = cost,
            Elapsed = finished.Duration ?? c.Elapsed,
            Message = failure,
            LogFile = relay.LogFile,
        }, freeze: true);
        if (failure is not null)
            _context.Fail(_command, message: failure);
        return finished;
    }

    /// <summary>The message a cell fails with, or null when the run completed.</summary>
    public static string? Failure(ExecutionFinished finished, string executionId, string stderr)
    {
        var error = string.IsNullOrWhiteSpace(finished.Error) ? null : finished.Error.Trim();
        return finished.Status switch
        {
            ExecutionStates.Completed => null,
            ExecutionStates.Timeout =>
                $"The run timed out on Lyceum (run {executionId}){Because(error)}. Give it more time with --timeout SECONDS (the service allows up to 600).",
            ExecutionStates.Aborted or ExecutionStates.Cancelled =>
                $"The run was {finished.Status} on Lyceum (run {executionId}){Because(error)}.",
            ExecutionStates.SystemFailure or ExecutionStates.FailedSystem =>
                $"Lyceum could not run this (system failure, run {executionId}){Because(error)}. Try again; if it persists, check #!lyceum status.",
            _ => LastLine(stderr) ?? error ?? $"The run failed on Lyceum (run {executionId}, {finished.Status}, exit code {finished.ReturnCode?.ToString() ?? "unknown"}).",
        };
    }

    private static string Because(string? error) => error is null ? "" : ": " + error;

    private static string? LastLine(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).LastOrDefault(l => l.Length > 0 && !l.StartsWith("[lyceum:", StringComparison.Ordinal));

    private async Task<decimal?> CostAsync(string executionId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var status = await _client.Executions.GetStatusAsync(executionId, timeout.Token).ConfigureAwait(false);
            return status.Cost ?? (await _client.Executions.GetAsync(executionId, timeout.Token).ConfigureAwait(false)).Cost;
        }
        catch (Exception e) when (e is LyceumException or OperationCanceledException)
        {
            return null;
        }
    }

    // Runs on the thread that pressed stop, before the host fails the command: the card update still reaches the cell.
    private void Stop()
    {
        var id = _executionId;
        if (_finished || (id is not null && Interlocked.Exchange(ref _stoppedRun, 1) == 1))
            return;
        _card.Show(c => c with { State = "aborted", Ended = true, Message = id is null ? "Stopped before the run started." : $"Stopped: run {id} was aborted on Lyceum." },
            freeze: true, broadcast: true);
        if (id is not null)
            _ = AbortAsync(id);
    }

    private async Task AbortAsync(string executionId)
    {
        using var timeout = new CancellationTokenSource(AbortTimeout);
        try
        {
            await _client.Executions.AbortAsync(executionId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LyceumException or OperationCanceledException)
        {
            // Already ended or unreachable: nothing more to stop.
        }
    }
}
