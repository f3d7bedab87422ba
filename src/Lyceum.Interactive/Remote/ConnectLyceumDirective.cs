using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Directives;

namespace Lyceum.Interactive.Remote;

/// <summary>The <c>lyceum</c> connector of <c>#!connect</c>: each connection is one more remote Python kernel with its own defaults.</summary>
internal sealed class ConnectLyceumDirective : ConnectKernelDirective<ConnectLyceum>
{
    private readonly LyceumConnection _connection;

    public ConnectLyceumDirective(LyceumConnection connection)
        : base("lyceum", "Adds a Python kernel whose cells run on Lyceum")
    {
        _connection = connection;
        ConnectedKernelDescription = "Python on Lyceum";
        // The same options a cell's kernel line takes, as the kernel's defaults.
        Parameters.Add(CellSyntax.Machine.ToParameter(connection, "The machine type its cells run on (default cpu)"));
        Parameters.Add(CellSyntax.Timeout.ToParameter(connection, "Its cells' time limit in seconds (1–600)"));
        Parameters.Add(CellSyntax.Session.ToParameter(connection, "Carry picklable globals from cell to cell (the state travels through the service with every run)"));
        Parameters.Add(CellSyntax.Export.ToParameter(connection, "Values every cell sends back: names (df,metrics) or * for every one"));
        Parameters.Add(CellSyntax.Storage.ToParameter(connection, "Every cell gets fresh temporary credentials for your storage bucket (never shown): lyceum.s3() is a boto3 client for it"));
    }

    public override Task<IEnumerable<Kernel>> ConnectKernelsAsync(ConnectLyceum connectCommand, KernelInvocationContext context)
    {
        int? timeout;
        IReadOnlyList<string>? export;
        bool session, storage;
        try
        {
            var bare = CellSyntax.BareOnConnectLine(connectCommand, connectCommand.ConnectedKernelName);
            session = Switch(CellSyntax.Session, connectCommand.Session, bare);
            storage = Switch(CellSyntax.Storage, connectCommand.Storage, bare);
            timeout = connectCommand.Timeout is { } t ? LyceumCommands.ParseTimeout(t) : null;
            export = connectCommand.Export is { } e ? CellHeader.ParseExport(e.Trim('"')) : null;
        }
        catch (LyceumCommandException e)
        {
            // Thrown out of here, the host would show the exception with its stack trace; fail with the sentence alone.
            context.Fail(connectCommand, message: e.Message);
            return Task.FromResult<IEnumerable<Kernel>>([]);
        }
        var settings = new KernelSettings
        {
            Machine = connectCommand.Machine ?? "cpu",
            Timeout = timeout,
            Session = session,
            Export = export,
            Storage = storage,
        };
        var kernel = new LyceumKernel(connectCommand.ConnectedKernelName, _connection, settings);
        kernel.UseValueSharing();
        return Task.FromResult<IEnumerable<Kernel>>([kernel]);
    }

    // A flag of the #!connect line: its value when given one, on when typed alone, off when absent.
    private static bool Switch(CellOption flag, string? value, IReadOnlySet<string> bare) =>
        value is { } text ? flag.ParseSwitch(text) : bare.Contains(flag.Name);
}
