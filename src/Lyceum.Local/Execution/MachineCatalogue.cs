using System.Text.Json;

namespace Lyceum.Local.Execution;

/// <summary>
/// The machine types and their prices, from a JSON file (written with defaults when missing), prices overridden by
/// <c>--price NAME=USD</c>. The defaults follow what clouds charge per hour for such machines.
/// GPU types are served only when an NVIDIA GPU is visible; they are never silently run on the CPU.
/// </summary>
internal sealed class MachineCatalogue
{
    private static readonly Machine[] Defaults =
    [
        new("cpu", 0.10m, false),
        new("gpu", 1.00m, true, "NVIDIA T4"),
        new("gpu.a100", 2.50m, true, "NVIDIA A100"),
        new("gpu.h100", 4.00m, true, "NVIDIA H100"),
        new("gpu.l40s", 1.50m, true, "NVIDIA L40S"),
    ];

    private static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private readonly Dictionary<string, Machine> _machines;
    private readonly bool _gpuVisible;

    public MachineCatalogue(string file, IReadOnlyDictionary<string, decimal>? prices = null, bool? gpuVisible = null)
    {
        if (!File.Exists(file))
            File.WriteAllText(file, JsonSerializer.Serialize(Defaults, FileFormat));
        Machine[] machines;
        try
        {
            machines = JsonSerializer.Deserialize<Machine[]>(File.ReadAllText(file), FileFormat) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The machine catalogue {file} is not valid JSON ({ex.Message}); fix it or delete it to get the defaults.", ex);
        }
        _machines = machines.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var (name, price) in prices ?? new Dictionary<string, decimal>())
        {
            // A typo must not create a machine nobody asked for, nor leave the real one at its old price.
            if (!_machines.TryGetValue(name, out var machine))
                throw new ArgumentException(
                    $"--price names the machine type '{name}', which the catalogue does not have; use one of: {string.Join(", ", _machines.Keys.Order(StringComparer.Ordinal))} (or add it to {file}).");
            _machines[name] = machine with { PricePerHour = price };
        }
        _gpuVisible = gpuVisible ?? NvidiaGpuVisible();
    }

    public IEnumerable<Machine> All => _machines.Values;

    public IReadOnlyList<string> Available => _machines.Values.Where(IsAvailable).Select(m => m.Name).Order(StringComparer.Ordinal).ToList();

    public Machine? Find(string name) => _machines.GetValueOrDefault(name);

    public bool IsAvailable(Machine machine) => !machine.Gpu || _gpuVisible;

    private static bool NvidiaGpuVisible() =>
        Directory.Exists("/proc/driver/nvidia/gpus") && Directory.EnumerateFileSystemEntries("/proc/driver/nvidia/gpus").Any();
}
