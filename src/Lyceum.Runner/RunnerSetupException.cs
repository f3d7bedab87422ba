namespace Lyceum.Runner;

/// <summary>Something the run needs (the tool, the extension package, the host, the service) could not be set up.</summary>
internal sealed class RunnerSetupException(string message, Exception? inner = null) : Exception(message, inner);
