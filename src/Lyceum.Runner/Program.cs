using System.Text;
using Lyceum.Runner;

Console.OutputEncoding = Encoding.UTF8;
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C cancels the running cell and still writes the notebook; a second one ends the process.
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};

return await RunnerApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancellationToken: interrupt.Token);
