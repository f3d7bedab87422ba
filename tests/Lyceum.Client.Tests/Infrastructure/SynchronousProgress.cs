namespace Lyceum.Client.Tests.Infrastructure;

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, which races assertions).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
