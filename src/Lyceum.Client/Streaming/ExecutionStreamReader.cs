using System.Runtime.CompilerServices;
using Lyceum.Client.Http;

namespace Lyceum.Client.Streaming;

/// <summary>Reads one run's output stream, resuming or polling when it breaks.</summary>
internal sealed class ExecutionStreamReader(LyceumPipeline pipeline, ExecutionsClient executions, string executionId, Uri streamingUrl, StreamOptions options)
{
    public async IAsyncEnumerable<ExecutionEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _ = (pipeline, executions, executionId, streamingUrl, options);
        await Task.Yield();
        throw new NotImplementedException();
#pragma warning disable CS0162 // the iterator needs a yield until implemented
        yield break;
#pragma warning restore CS0162
    }
}
