using System.Net;
using System.Text;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class ValidationTests
{
    public static TheoryData<string, string> JsonEndpointsWithBadBodies()
    {
        var endpoints = new[] { "auth/login", "auth/refresh", "auth/api-keys/", "execution/streaming/start", "execution/image/start", "billing/checkout" };
        var bodies = new[] { "{\"code\": ", "not json at all", "[1,2,3]", "\"a string\"", "42", "", "{\"a\":" + new string('[', 200) };
        var data = new TheoryData<string, string>();
        foreach (var endpoint in endpoints)
            foreach (var body in bodies)
                data.Add(endpoint, body);
        return data;
    }

    [Theory]
    [MemberData(nameof(JsonEndpointsWithBadBodies))]
    public async Task malformed_or_non_object_bodies_get_400_in_the_documented_shape(string endpoint, string body)
    {
        await using var server = await TestServer.StartAsync(o => o.RateLimits = false);

        await Wire.AssertErrorAsync(await server.PostRawAsync(endpoint, body), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{}", "code")]
    [InlineData("{\"code\": 5}", "code")]
    [InlineData("{\"code\": \"print(1)\", \"timeout\": 0}", "timeout")]
    [InlineData("{\"code\": \"print(1)\", \"timeout\": 601}", "timeout")]
    [InlineData("{\"code\": \"print(1)\", \"timeout\": \"soon\"}", "timeout")]
    [InlineData("{\"code\": \"print(1)\", \"timeout\": 1.5}", "timeout")]
    [InlineData("{\"code\": \"print(1)\", \"execution_type\": \"cpu; rm -rf /\"}", "execution_type")]
    [InlineData("{\"code\": \"print(1)\", \"execution_type\": \"tpu.v5\"}", "execution_type")]
    [InlineData("{\"code\": \"print(1)\", \"nbcode\": 7}", "nbcode")]
    [InlineData("{\"code\": \"print(1)\", \"prior_imports\": \"import os\"}", "prior_imports")]
    [InlineData("{\"code\": \"print(1)\", \"prior_imports\": [1]}", "prior_imports[0]")]
    [InlineData("{\"code\": \"print(1)\", \"import_files\": \"{not json\"}", "import_files")]
    [InlineData("{\"code\": \"print(1)\", \"import_files\": \"[1]\"}", "import_files")]
    [InlineData("{\"code\": \"print(1)\", \"import_files\": \"{\\\"../escape.py\\\": \\\"x\\\"}\"}", "import_files.../escape.py")]
    [InlineData("{\"code\": \"print(1)\", \"import_files\": \"{\\\"/etc/x.py\\\": \\\"x\\\"}\"}", "import_files./etc/x.py")]
    [InlineData("{\"code\": \"print(1)\", \"file_name\": \"../main.py\"}", "file_name")]
    [InlineData("{\"code\": \"print(1)\", \"requirements_content\": [\"numpy\"]}", "requirements_content")]
    public async Task bad_python_run_fields_are_named_in_the_error(string body, string field)
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.PostRawAsync("execution/streaming/start", body), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task numbers_sent_as_strings_are_accepted()
    {
        await using var server = await TestServer.StartAsync();

        var (_, messages) = await server.RunAsync(new { code = "print('ok')", timeout = "30", nbcode = "0" });

        Assert.Equal("completed", Wire.Status(messages));
    }

    [Fact]
    public async Task a_gpu_machine_on_a_host_without_a_gpu_is_refused_naming_the_available_ones()
    {
        await using var server = await TestServer.StartAsync();

        var error = await Wire.AssertErrorAsync(
            await server.PostJsonAsync("execution/streaming/start", new { code = "print(1)", execution_type = "gpu.a100" }), HttpStatusCode.BadRequest, "execution_type");

        Assert.Contains("available: cpu", error.GetProperty("detail").GetString());
        var hardware = await server.GetJsonAsync("user/quotas/available-hardware");
        Assert.Equal(["cpu"], hardware.GetProperty("available_hardware_profiles").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task an_oversized_body_gets_413_in_the_documented_shape()
    {
        await using var server = await TestServer.StartAsync();
        var huge = "{\"code\": \"" + new string('x', 17 * 1024 * 1024) + "\"}";

        await Wire.AssertErrorAsync(await server.PostRawAsync("execution/streaming/start", huge), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task unknown_routes_and_wrong_methods_answer_in_the_documented_shape()
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.Http.GetAsync("no/such/endpoint"), HttpStatusCode.NotFound);
        await Wire.AssertErrorAsync(await server.Http.DeleteAsync("billing/credits"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task bad_image_run_fields_are_named_in_the_error()
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.PostRawAsync("execution/image/start", "{}"), HttpStatusCode.BadRequest, "docker_image_ref");
        await Wire.AssertErrorAsync(await server.PostRawAsync("execution/image/start", "{\"docker_image_ref\":\"x\",\"docker_run_cmd\":\"echo\"}"), HttpStatusCode.BadRequest, "docker_run_cmd");
        await Wire.AssertErrorAsync(await server.PostRawAsync("execution/image/start", "{\"docker_image_ref\":\"x\",\"docker_run_env\":\"NO EQUALS SIGN\"}"), HttpStatusCode.BadRequest, "docker_run_env");
        await Wire.AssertErrorAsync(await server.PostRawAsync("execution/image/start", "{\"docker_image_ref\":\"x\",\"enable_s3_mount\":\"maybe\"}"), HttpStatusCode.BadRequest, "enable_s3_mount");
    }

    [Fact]
    public async Task an_image_run_without_a_container_runtime_answers_503_saying_how_to_configure_one()
    {
        await using var server = await TestServer.StartAsync();

        var error = await Wire.AssertErrorAsync(
            await server.PostJsonAsync("execution/image/start", new { docker_image_ref = "busybox" }), HttpStatusCode.ServiceUnavailable);

        Assert.Contains("--container-cli", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task another_accounts_run_answers_404_and_never_its_data()
    {
        await using var server = await TestServer.StartAsync();
        var (id, _) = await server.RunAsync(new { code = "print('secret output')" });
        using var other = await OtherAccount.CreateAsync(server);

        foreach (var path in new[] { $"execution/streaming/{id}/status", $"execution/{id}" })
        {
            var response = await other.Http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("secret output", text);
        }
        await Wire.AssertErrorAsync(await other.Http.PostAsync($"execution/streaming/abort/{id}", null), HttpStatusCode.NotFound);
        await Wire.AssertErrorAsync(await other.Http.PostAsync($"workloads/abort/{id}", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task another_accounts_api_keys_cannot_be_toggled_or_deleted()
    {
        await using var server = await TestServer.StartAsync();
        var id = (await TestServer.JsonAsync(await server.PostJsonAsync("auth/api-keys/", new { key_name = "mine" }))).GetProperty("id").GetString();
        using var other = await OtherAccount.CreateAsync(server);

        await Wire.AssertErrorAsync(await other.Http.PatchAsync($"auth/api-keys/{id}/toggle", null), HttpStatusCode.NotFound);
        await Wire.AssertErrorAsync(await other.Http.DeleteAsync($"auth/api-keys/{id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(id!, await other.Http.GetStringAsync("auth/api-keys/"));
        Assert.Contains(id!, await server.Http.GetStringAsync("auth/api-keys/"));
    }

    [Fact]
    public async Task bad_query_parameters_get_400_in_the_documented_shape()
    {
        await using var server = await TestServer.StartAsync();

        await Wire.AssertErrorAsync(await server.Http.GetAsync("billing/history?limit=abc"), HttpStatusCode.BadRequest, "limit");
        await Wire.AssertErrorAsync(await server.Http.GetAsync("billing/history?offset=-1"), HttpStatusCode.BadRequest, "offset");
        await Wire.AssertErrorAsync(await server.Http.GetAsync("storage/list-files?max_files=0"), HttpStatusCode.BadRequest, "max_files");
    }

    [Fact]
    public async Task a_wrong_content_type_on_a_json_endpoint_is_still_read_or_refused_cleanly()
    {
        await using var server = await TestServer.StartAsync();

        var response = await server.Http.PostAsync("execution/streaming/start", new StringContent("code=print(1)", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }
}
