using System.Text.Json;
using Lyceum.Client.Http;
using Lyceum.Client.Json;

namespace Lyceum.Client;

/// <summary>Credits, billed runs and buying credits. Get it from <see cref="LyceumClient.Billing"/>.</summary>
public sealed class BillingClient
{
    private static readonly string[] MachineTypePaths = ["machine-types", "compute/machine-types"];

    private readonly LyceumPipeline _pipeline;

    internal BillingClient(LyceumPipeline pipeline) => _pipeline = pipeline;

    /// <summary>The account's credit balance.</summary>
    public Task<CreditBalance> GetCreditsAsync(CancellationToken cancellationToken = default) =>
        _pipeline.SendAsync(HttpMethod.Get, "billing/credits", null, LyceumJsonContext.Default.CreditBalance, cancellationToken);

    /// <summary>One page of billed runs, newest first.</summary>
    public async Task<BillingHistory> GetHistoryAsync(int limit = 50, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var history = await _pipeline.SendAsync(HttpMethod.Get, $"billing/history?limit={limit}&offset={offset}", null,
            LyceumJsonContext.Default.BillingHistory, cancellationToken).ConfigureAwait(false);
        return history with { Executions = history.Executions ?? [] };
    }

    /// <summary>The machine types and their prices per hour, from <c>/machine-types</c> (or <c>/compute/machine-types</c>, where
    /// older services publish it). Empty when the service publishes no catalogue; a price is null where it names none.</summary>
    public async Task<IReadOnlyList<MachineType>> GetMachineTypesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var path in MachineTypePaths)
        {
            JsonElement body;
            try
            {
                body = await _pipeline.SendAsync(HttpMethod.Get, path, null, LyceumJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            }
            catch (LyceumApiException e) when (e.StatusCode is 404 or 405 || e.ErrorType == "invalid_response")
            {
                // Not published here (or not as JSON): try the other address.
                continue;
            }

            if (MachineTypesReader.Read(body) is { } machines)
                return machines;
        }

        return [];
    }

    /// <summary>Opens a payment session for buying credits; send the user to <see cref="CheckoutSession.CheckoutUrl"/>.</summary>
    public Task<CheckoutSession> CheckoutAsync(decimal creditsAmount, Uri successUrl, Uri cancelUrl, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(creditsAmount);
        ArgumentNullException.ThrowIfNull(successUrl);
        ArgumentNullException.ThrowIfNull(cancelUrl);
        return _pipeline.SendAsync(HttpMethod.Post, "billing/checkout",
            LyceumPipeline.Json(new CheckoutBody(creditsAmount, successUrl.AbsoluteUri, cancelUrl.AbsoluteUri), LyceumJsonContext.Default.CheckoutBody),
            LyceumJsonContext.Default.CheckoutSession, cancellationToken, RetryMode.OnlyIfNotActed);
    }
}
