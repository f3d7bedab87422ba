using Lyceum.Local.Billing;
using Lyceum.Local.Execution;
using Lyceum.Local.Hosting;
using Lyceum.Local.Storage;

namespace Lyceum.Local.Endpoints;

/// <summary>What the execution and workload endpoints need.</summary>
internal sealed record ExecutionServices(
    RunManager Runs, RunStore Store, MachineCatalogue Machines, Ledger Ledger, VenvCache Venvs, ContainerRuntime Containers,
    FileStore Files, PythonInterpreter Python, LocalSettings Settings, PublicAddress Address);
