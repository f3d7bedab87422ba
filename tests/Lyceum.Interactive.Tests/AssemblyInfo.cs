// Formatter registrations and process environment variables are global: these tests must not run in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
