using System.Threading.Channels;

namespace Lyceum.Runner;

/// <summary>The two directions of the stdio protocol; the real host implements it, tests replay recorded lines.</summary>
internal interface IKernelConnection
{
    ChannelReader<HostMessage> Messages { get; }

    Task SendAsync(string line, CancellationToken cancellationToken = default);

    /// <summary>What to add to an error about the host disappearing (its last stderr lines).</summary>
    string DescribeExit();
}
