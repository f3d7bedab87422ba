namespace Lyceum.Runner;

/// <summary>How a cell's execution ended, before its expectation is applied.</summary>
internal enum CellStatus
{
    Succeeded,
    Failed,
    TimedOut,
    Interrupted,
    NotRun,
}
