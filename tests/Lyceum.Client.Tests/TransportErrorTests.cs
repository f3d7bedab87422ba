using System.Net;
using System.Net.Sockets;
using Lyceum.Client.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lyceum.Client.Tests;

/// <summary>Whatever goes wrong on the wire, a caller sees the SDK's own exception family (the original inside),
/// and its own cancellation as an OperationCanceledException.</summary>
public sealed class TransportErrorTests
{
    [Fact]
    public async Task a_service_nobody_listens_on_is_a_transport_exception_naming_the_host_with_the_original_inside()
    {
        var port = ClosedPort();
        using var client = new LyceumClient(LyceumCredential.FromApiKey(TestKeys.ApiKey), new LyceumClientOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}"),
            Retry = new LyceumRetryOptions { MaxRetries = 0 },
        });

        var error = await Assert.ThrowsAsync<LyceumTransportException>(() => client.Billing.GetCreditsAsync());

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal($"127.0.0.1:{port}", error.Host);
        Assert.True(error.IsTransient);
        Assert.Contains($"at 127.0.0.1:{port} could not be reached", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/billing", error.Message, StringComparison.Ordinal);
        Assert.Single(error.Message.Split(". ", StringSplitOptions.RemoveEmptyEntries));
        Assert.IsAssignableFrom<LyceumException>(error);
    }

    [Fact]
    public async Task a_request_unanswered_within_the_network_timeout_is_a_timeout_exception()
    {
        await using var server = await ScriptedServer.StartAsync();
        var arrived = NeverAnswerCredits(server);
        var time = new FakeTimeProvider();
        using var client = server.CreateClient(configure: o =>
        {
            o.TimeProvider = time;
            o.NetworkTimeout = TimeSpan.FromSeconds(7);
            o.Retry = new LyceumRetryOptions { MaxRetries = 0 };
        });

        var call = client.Billing.GetCreditsAsync();
        await arrived;
        time.Advance(TimeSpan.FromSeconds(7));
        var error = await Assert.ThrowsAsync<LyceumTimeoutException>(() => call);

        Assert.Equal(TimeSpan.FromSeconds(7), error.Timeout);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("did not answer within 7 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("LyceumClientOptions.NetworkTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task cancelling_a_call_stays_an_operation_canceled_exception()
    {
        await using var server = await ScriptedServer.StartAsync();
        var arrived = NeverAnswerCredits(server);
        using var client = server.CreateClient();
        using var cancel = new CancellationTokenSource();

        var call = client.Billing.GetCreditsAsync(cancel.Token);
        await arrived;
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Fact]
    public async Task a_refusal_by_the_service_is_still_an_api_exception_in_the_family()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/credits", """{"detail":"Invalid API key","type":"authentication_error"}""", 401);
        using var client = server.CreateClient();

        LyceumException error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Billing.GetCreditsAsync());

        Assert.False(error.IsTransient);
    }

    /// <summary>The credits call hangs until the client gives up; the task completes when the request arrives.</summary>
    private static Task NeverAnswerCredits(ScriptedServer server)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.On("GET", "/billing/credits", async ctx =>
        {
            arrived.TrySetResult();
            await new TaskCompletionSource().Task.WaitAsync(ctx.RequestAborted);
        });
        return arrived.Task;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
