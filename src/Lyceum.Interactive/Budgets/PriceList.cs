using Lyceum.Client;

namespace Lyceum.Interactive.Budgets;

/// <summary>The machine prices the service publishes, read once per login; a machine it does not price (or a service
/// that prices none, or could not be asked) has an unknown price, which budgets treat as the issue says: say so, and
/// refuse only on a budget the user set.</summary>
internal sealed class PriceList
{
    private readonly Dictionary<string, decimal?> _prices;

    private PriceList(IEnumerable<MachineType> machines) =>
        _prices = machines.GroupBy(m => m.HardwareProfile, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().PricePerHour, StringComparer.Ordinal);

    /// <summary>A list from the given machine types.</summary>
    public static PriceList Of(IEnumerable<MachineType> machines) => new(machines);

    /// <summary>No prices known.</summary>
    public static PriceList Empty { get; } = new([]);

    /// <summary>Reads the prices; an unreachable or refusing service gives <see cref="Empty"/>: a price list must never fail a cell.</summary>
    public static async Task<PriceList> LoadAsync(LyceumClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            return Of(await client.Billing.GetMachineTypesAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is LyceumException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Empty;
        }
    }

    /// <summary>The machine's price in credits per hour; null when unknown.</summary>
    public decimal? PriceOf(string machine) => _prices.GetValueOrDefault(machine);
}
