using System.Security.Claims;
using Lyceum.Local.Auth;
using Lyceum.Local.Errors;
using Lyceum.Local.Execution;
using Lyceum.Local.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Endpoints;

/// <summary>Starting runs, their status, record, abort and completion; /workloads.</summary>
internal static class ExecutionEndpoints
{
    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder api)
    {
        // Only starts count as "code execution"; status polls, aborts and listings are general traffic.
        var group = api.MapGroup("").RequireAuthorization().WithMetadata(new RateLimitCategory("general"));
        var starts = api.MapGroup("").RequireAuthorization().WithMetadata(new RateLimitCategory("code execution"));
        starts.MapPost("/execution/streaming/start", StartPythonAsync);
        starts.MapPost("/execution/image/start", StartImageAsync);
        starts.MapPost("/execution/compose/start", StartComposeAsync);
        group.MapGet("/execution/streaming/{id}/status", StatusAsync);
        group.MapPost("/execution/streaming/abort/{id}", AbortAsync);
        group.MapPost("/execution/streaming/complete/{id}", CompleteAsync);
        group.MapGet("/execution/{id}", RecordAsync);
        group.MapGet("/workloads/list", Workloads);
        group.MapPost("/workloads/abort/{id}", AbortWorkloadAsync);
        return api;
    }

    private static async Task<Results<Ok<StartResponse>, JsonHttpResult<ApiError>>> StartPythonAsync(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] ExecutionServices services, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken: cancellationToken);
        if (error is not null)
            return error;
        var (machine, timeout, fileName) = RunRequests.Common(body!, services.Machines, "main.py");
        var run = RunRequests.Python(body!, fileName);
        if (run is null || machine is null)
            return LyceumErrors.Validation(body!.Errors);
        return await StartAsync(services, user.AccountId(), "python", machine, timeout, fileName, null,
            new PythonLauncher(services.Python, services.Venvs, run), cancellationToken);
    }

    private static async Task<Results<Ok<StartResponse>, JsonHttpResult<ApiError>>> StartImageAsync(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] ExecutionServices services, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken: cancellationToken);
        if (error is not null)
            return error;
        var (machine, timeout, fileName) = RunRequests.Common(body!, services.Machines, "container");
        var run = RunRequests.Image(body!);
        if (run is null || machine is null)
            return LyceumErrors.Validation(body!.Errors);
        if (services.Containers.Options is null)
        {
            // Only a restart with --container-cli changes this: a long Retry-After tells clients not to retry in a loop
            // (Lyceum.Client then reports at once instead of after its backoff).
            request.HttpContext.Response.Headers.RetryAfter = "3600";
            return LyceumErrors.NoContainerRuntime();
        }
        if (await services.Containers.CheckAsync() is { } failure)
            return LyceumErrors.ContainerRuntimeDown(services.Containers.Options.Cli, failure);
        return await StartAsync(services, user.AccountId(), "image", machine, timeout, fileName, run.Image,
            new ContainerLauncher(services.Containers, services.Files.AccountFolder(user.AccountId()), run), cancellationToken);
    }

    private static async Task<Results<Ok<StartResponse>, JsonHttpResult<ApiError>>> StartComposeAsync(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] ExecutionServices services, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, cancellationToken: cancellationToken);
        if (error is not null)
            return error;
        var (machine, timeout, fileName) = RunRequests.Common(body!, services.Machines, "docker-compose.yml");
        var run = RunRequests.Compose(body!, fileName);
        if (run is null || machine is null)
            return LyceumErrors.Validation(body!.Errors);
        if (services.Containers.Options is null || services.Containers.ComposeCli is null)
        {
            // As for image runs: only a restart with other options changes this.
            request.HttpContext.Response.Headers.RetryAfter = "3600";
            return LyceumErrors.NoComposeRuntime(services.Containers.Options is not null);
        }
        if (await services.Containers.CheckAsync() is { } failure)
            return LyceumErrors.ContainerRuntimeDown(services.Containers.Options.Cli, failure);
        return await StartAsync(services, user.AccountId(), "compose", machine, timeout, fileName, null,
            new ComposeLauncher(services.Containers, services.Files.AccountFolder(user.AccountId()), run), cancellationToken);
    }

    /// <summary>
    /// Queues a validated run. The credit check and the hold of the run's worst-case cost are one step in the run manager,
    /// so concurrent starts cannot overspend; a refusal is the 402 with the balance left after the live runs' holds.
    /// </summary>
    private static async Task<Results<Ok<StartResponse>, JsonHttpResult<ApiError>>> StartAsync(
        ExecutionServices services, string accountId, string kind, Machine machine, int timeout, string fileName, string? imageRef,
        IRunLauncher launcher, CancellationToken cancellationToken)
    {
        try
        {
            var live = await services.Runs.StartAsync(accountId, kind, machine, timeout, fileName, imageRef, launcher, cancellationToken);
            return TypedResults.Ok(new StartResponse(live.Record.Id, live.Record.Status, StreamingUrl(services, live.Record)));
        }
        catch (InsufficientCreditsException ex)
        {
            return LyceumErrors.InsufficientCredits(ex.Available);
        }
    }

    private static async Task<Results<Ok<StatusResponse>, JsonHttpResult<ApiError>>> StatusAsync(
        string id, ClaimsPrincipal user, [AsParameters] ExecutionServices services, CancellationToken cancellationToken)
    {
        var record = await FindAsync(services, user.AccountId(), id, cancellationToken);
        // last_seq lets a client whose stream went silent tell a quiet run from a dead connection.
        return record is null ? LyceumErrors.ExecutionNotFound(id) : TypedResults.Ok(ToStatus(record) with { LastSeq = services.Runs.Find(id)?.Output.LastSeq });
    }

    private static async Task<Results<ExecutionRecordResult, JsonHttpResult<ApiError>>> RecordAsync(
        string id, ClaimsPrincipal user, [AsParameters] ExecutionServices services, CancellationToken cancellationToken)
    {
        var record = await FindAsync(services, user.AccountId(), id, cancellationToken);
        if (record is null)
            return LyceumErrors.ExecutionNotFound(id);
        var output = services.Runs.Find(id)?.Output ?? RunOutput.Load(services.Runs.LogPath(id));
        return new ExecutionRecordResult(ToStatus(record), output);
    }

    private static async Task<Results<Ok<StopResponse>, JsonHttpResult<ApiError>>> AbortAsync(
        string id, ClaimsPrincipal user, [AsParameters] ExecutionServices services, CancellationToken cancellationToken) =>
        await StopAsync(id, user, services, RunStatus.Aborted, "Execution aborted by the user.", cancellationToken);

    private static async Task<Results<Ok<StopResponse>, JsonHttpResult<ApiError>>> CompleteAsync(
        string id, ClaimsPrincipal user, [AsParameters] ExecutionServices services, CancellationToken cancellationToken)
    {
        var record = await FindAsync(services, user.AccountId(), id, cancellationToken);
        if (record is null)
            return LyceumErrors.ExecutionNotFound(id);
        if (!RunStatus.IsLive(record.Status))
            return TypedResults.Ok(new StopResponse(id, record.Status, $"Execution already finished with status '{record.Status}'."));
        return await StopAsync(id, user, services, RunStatus.Completed, null, cancellationToken);
    }

    private static Ok<List<WorkloadResponse>> Workloads(ClaimsPrincipal user, [AsParameters] ExecutionServices services) =>
        TypedResults.Ok(services.Runs.Live(user.AccountId())
            .Select(r => new WorkloadResponse(r.Record.Id, r.Record.Status, r.Record.FileName, r.Record.ExecutionType, r.Record.ExecutionType, r.Record.CreatedAt))
            .ToList());

    private static async Task<Results<Ok<MessageResponse>, JsonHttpResult<ApiError>>> AbortWorkloadAsync(
        string id, ClaimsPrincipal user, [AsParameters] ExecutionServices services, CancellationToken cancellationToken)
    {
        var live = services.Runs.Find(id);
        if (live is null || live.Record.AccountId != user.AccountId() || !RunStatus.IsLive(live.Record.Status) || live.StopReason is not null)
            return LyceumErrors.NotFound($"No live workload '{id}'; list the live ones with GET /workloads/list.");
        live.RequestStop(RunStatus.Aborted, "Execution aborted by the user.");
        await live.Completion.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        return TypedResults.Ok(new MessageResponse($"Workload {id} aborted."));
    }

    private static async Task<Results<Ok<StopResponse>, JsonHttpResult<ApiError>>> StopAsync(
        string id, ClaimsPrincipal user, ExecutionServices services, string reason, string? message, CancellationToken cancellationToken)
    {
        var record = await FindAsync(services, user.AccountId(), id, cancellationToken);
        if (record is null)
            return LyceumErrors.ExecutionNotFound(id);
        var live = services.Runs.Find(id);
        if (live is null || !RunStatus.IsLive(record.Status))
            return LyceumErrors.AlreadyFinished(id, record.Status);
        live.RequestStop(reason, message);
        await live.Completion.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        return TypedResults.Ok(new StopResponse(id, live.Record.Status,
            reason == RunStatus.Completed ? "Execution marked completed." : $"Execution stopped; its status is '{live.Record.Status}'."));
    }

    private static async Task<RunRecord?> FindAsync(ExecutionServices services, string accountId, string id, CancellationToken cancellationToken)
    {
        var live = services.Runs.Find(id);
        if (live is not null)
            return live.Record.AccountId == accountId ? live.Record : null;
        return await services.Store.FindAsync(accountId, id, cancellationToken);
    }

    private static StatusResponse ToStatus(RunRecord r) => new(
        r.Id, r.Status, r.Error, r.Kind, r.ExecutionType, r.ExecutionType, r.FileName, r.ImageRef, r.CreatedAt, r.StartTime, r.EndTime,
        Math.Round(r.ExecutionSeconds, 3), r.ReturnCode, RunStatus.IsLive(r.Status) ? r.AccruedCost : r.Cost, !RunStatus.IsLive(r.Status), r.Timeout);

    private static string StreamingUrl(ExecutionServices services, RunRecord run) => services.Address.For(
        $"{LyceumLocalServer.BasePath}/execution/streaming/{run.Id}/stream/{run.StreamToken}", webSocket: services.Settings.StreamScheme == "ws");
}
