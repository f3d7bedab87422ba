using System.Runtime.InteropServices;
using Lyceum.Local;
using Lyceum.Local.Hosting;

var (options, error, help) = CommandLine.Parse(args);
if (help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
if (options is null)
{
    Console.Error.WriteLine($"lyceum-local: {error}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
options.Log = line => Console.Error.WriteLine($"[lyceum-local] {line}");

LyceumLocalServer server;
try
{
    server = await LyceumLocalServer.StartAsync(options, reuseExistingKeys: true, stop.Token);
}
catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"lyceum-local: could not start: {ex.Message}");
    return 1;
}
await using (server)
{
    if (server.GeneratedApiKey is { } key)
        Console.WriteLine($"Created API key for {server.Email} (shown once, only its hash is kept): {key}");
    else if (server.ApiKey.Length == 0)
        Console.Error.WriteLine("[lyceum-local] this data dir already has API keys (only their hashes are kept); pass --api-key lk_… to register one you know");
    if (options.PublicUrl is not null)
        Console.Error.WriteLine($"[lyceum-local] the URLs it hands out are built on --public-url {options.PublicUrl}");
    Console.WriteLine($"S3 endpoint (path-style, region us-east-1): {server.S3Url}");
    Console.WriteLine($"Lyceum Local listening on {server.BaseUrl}");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine("[lyceum-local] stopping: live runs are killed and marked system_failure");
    }
}
return 0;
