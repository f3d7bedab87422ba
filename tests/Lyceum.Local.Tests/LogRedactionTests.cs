using Lyceum.Local.Errors;
using Microsoft.AspNetCore.Http;

namespace Lyceum.Local.Tests;

public sealed class LogRedactionTests
{
    [Fact]
    public void a_logged_stream_path_leaves_out_the_runs_token()
    {
        var logged = ErrorShapeMiddleware.LoggablePath(new PathString("/api/v2/external/execution/streaming/abc/stream/SeCrEtToKeN123"));

        Assert.Equal("/api/v2/external/execution/streaming/abc/stream/…", logged);
    }

    [Fact]
    public void other_paths_are_logged_as_they_are()
    {
        Assert.Equal("/api/v2/external/storage/download/a/b.txt", ErrorShapeMiddleware.LoggablePath(new PathString("/api/v2/external/storage/download/a/b.txt")));
    }
}
