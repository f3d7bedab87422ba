using Lyceum.Client.Tests.Infrastructure;

namespace Lyceum.Client.Tests;

public sealed class ErrorTests
{
    [Fact]
    public async Task documented_error_shape_is_read_with_field_errors()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/streaming/start",
            """{"detail":"Validation failed","status":400,"type":"validation_error","errors":[{"field":"code","message":"Required field missing"}]}""", 400);
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.StartPythonAsync(new PythonRunRequest("")));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("validation_error", error.ErrorType);
        Assert.Equal("Validation failed", error.Detail);
        Assert.Equal(new LyceumFieldError("code", "Required field missing"), Assert.Single(error.FieldErrors));
        Assert.StartsWith("HTTP 400 (validation_error): Validation failed [code: Required field missing] — ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task fastapi_validation_error_shape_is_read()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/streaming/start",
            """{"detail":[{"loc":["body","timeout"],"msg":"Input should be less than or equal to 600","type":"less_than_equal"}]}""", 422);
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.StartPythonAsync(new PythonRunRequest("x") { Timeout = 900 }));

        Assert.Equal(422, error.StatusCode);
        Assert.Equal("validation_error", error.ErrorType);
        Assert.Equal(new LyceumFieldError("timeout", "Input should be less than or equal to 600"), Assert.Single(error.FieldErrors));
        Assert.Contains("timeout: Input should be less than or equal to 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task rejected_api_key_says_to_check_lyceum_api_key_and_hides_the_key()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/billing/credits", """{"detail":"Invalid API key","status":401,"type":"authentication_error"}""", 401);
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Billing.GetCreditsAsync());

        Assert.StartsWith("HTTP 401 (authentication_error): Invalid API key — check LYCEUM_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task error_without_json_body_reports_the_text()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/workloads/list", async ctx =>
        {
            ctx.Response.StatusCode = 403;
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, "<html>Forbidden by proxy</html>");
        });
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.ListWorkloadsAsync());

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("Forbidden by proxy", error.Detail, StringComparison.Ordinal);
        Assert.Contains("permission", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task missing_execution_says_what_to_check()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("GET", "/execution/streaming/nope/status", """{"detail":"Execution not found","type":"not_found"}""", 404);
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.GetStatusAsync("nope"));

        Assert.Equal("HTTP 404 (not_found): Execution not found — check the id, key or path", error.Message);
    }

    [Fact]
    public async Task answer_that_is_not_json_is_reported_as_an_invalid_response()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.On("GET", "/billing/credits", ctx => Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, "<html>login page</html>"));
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Billing.GetCreditsAsync());

        Assert.Equal("invalid_response", error.ErrorType);
        Assert.Contains("LYCEUM_API_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task field_error_repeated_in_the_detail_is_said_once()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.OnJson("POST", "/execution/streaming/start",
            """{"detail":"timeout: Must be between 1 and 600","type":"validation_error","errors":[{"field":"timeout","message":"Must be between 1 and 600"}]}""", 400);
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<LyceumApiException>(() => client.Executions.StartPythonAsync(new PythonRunRequest("x") { Timeout = 9999 }));

        Assert.Equal("HTTP 400 (validation_error): timeout: Must be between 1 and 600 — fix the fields named and send again", error.Message);
        Assert.Single(error.FieldErrors);
    }
}
