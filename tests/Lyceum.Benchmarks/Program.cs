using System.Globalization;
using Lyceum.Benchmarks;

// Usage: dotnet run -c Release --project tests/Lyceum.Benchmarks -- <scenario>… | all
// Scenarios are the IBenchmarkScenario types of this assembly; each prints one BENCH line.
var scenarios = typeof(IBenchmarkScenario).Assembly.GetTypes()
    .Where(t => typeof(IBenchmarkScenario).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmarkScenario)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToDictionary(s => s.Name, StringComparer.Ordinal);

if (args.Length == 0 || args.Contains("--help"))
{
    Console.WriteLine("usage: Lyceum.Benchmarks <scenario>… | all");
    foreach (var s in scenarios.Values)
        Console.WriteLine($"  {s.Name,-14} {s.Description}");
    return args.Length == 0 ? 2 : 0;
}

var names = args.Contains("all") ? scenarios.Keys.ToList() : args.ToList();
var unknown = names.Where(n => !scenarios.ContainsKey(n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown scenario(s): {string.Join(", ", unknown)}; known: {string.Join(", ", scenarios.Keys)}");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var failed = 0;
foreach (var name in names)
{
    try
    {
        var results = await scenarios[name].RunAsync(cts.Token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"BENCH {name} {string.Join(' ', results.Select(kv => $"{kv.Key}={kv.Value}"))}"));
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        failed++;
        Console.WriteLine($"BENCH {name} error={ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
    }
}
return failed == 0 ? 0 : 1;
