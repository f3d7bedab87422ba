using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyceum.Local.Errors;

/// <summary>Every error Lyceum Local answers, in the service's wire shape; each message names the fix.</summary>
internal static class LyceumErrors
{
    public static JsonHttpResult<ApiError> Create(int status, string type, string detail, IReadOnlyList<FieldError>? errors = null) =>
        TypedResults.Json(new ApiError(detail, status, type, errors ?? []), statusCode: status);

    public static JsonHttpResult<ApiError> Validation(IReadOnlyList<FieldError> errors) =>
        Create(400, "validation_error",
            errors.Count == 1 ? $"{errors[0].Field}: {errors[0].Message}" : $"{errors.Count} fields are invalid: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}",
            errors);

    public static JsonHttpResult<ApiError> Invalid(string field, string message) => Validation([new FieldError(field, message)]);

    public static JsonHttpResult<ApiError> MalformedJson(string reason) =>
        Create(400, "validation_error", $"The request body is not valid JSON ({reason}); send a JSON object with Content-Type: application/json.",
            [new FieldError("body", "Malformed JSON")]);

    public static JsonHttpResult<ApiError> BodyTooLarge(long limit) =>
        Create(413, "payload_too_large", $"The request body is larger than {limit} bytes; send less (files go through /storage/upload).");

    public static JsonHttpResult<ApiError> Unauthorized(string detail) => Create(401, "authentication_error", detail);

    public static JsonHttpResult<ApiError> InvalidCredentials() =>
        Unauthorized("Incorrect email or password; the default account is described in docs/emulator.md.");

    public static JsonHttpResult<ApiError> NotFound(string detail) => Create(404, "not_found", detail);

    public static JsonHttpResult<ApiError> ExecutionNotFound(string id) =>
        NotFound($"Execution '{id}' was not found; list your runs with GET /workloads/list or /billing/history.");

    public static JsonHttpResult<ApiError> ApiKeyNotFound(string id) =>
        NotFound($"API key '{id}' was not found; list your keys with GET /auth/api-keys/.");

    public static JsonHttpResult<ApiError> FileNotFound(string key) =>
        NotFound($"No file with key '{key}'; list your files with GET /storage/list-files.");

    public static JsonHttpResult<ApiError> FolderNotFound(string prefix) =>
        NotFound($"No files under '{prefix}'; list your files with GET /storage/list-files?prefix=….");

    public static JsonHttpResult<ApiError> InvalidStorageKey(string field, string message) =>
        Create(400, "validation_error", $"Invalid storage key: {message}.", [new FieldError(field, message)]);

    public static JsonHttpResult<ApiError> KeyConflict(string key) =>
        Create(409, "conflict", $"The key '{key}' collides with an existing file or folder of the same name; delete that one first or pick another key.");

    public static JsonHttpResult<ApiError> QuotaExceeded(long quota) =>
        Create(413, "quota_exceeded", $"This upload would exceed the storage quota of {quota} bytes, which the account's files and the parts of its unfinished S3 multipart uploads share; " +
            "delete files first (#!lyceum delete KEY, or DELETE /storage/delete/{key}) or abort unfinished multipart uploads.");

    public static JsonHttpResult<ApiError> InsufficientCredits(decimal balance) =>
        Create(402, "insufficient_credits",
            $"Insufficient credits (balance {balance:0.######}); buy credits with POST /billing/checkout or wait for the monthly free credits.");

    public static JsonHttpResult<ApiError> NoContainerRuntime() =>
        Create(503, "service_unavailable",
            "No container runtime is configured, so image runs are unavailable; start Lyceum Local with --container-cli podman (or docker), see docs/emulator.md.");

    public static JsonHttpResult<ApiError> NoComposeRuntime(bool containerRuntime) =>
        Create(503, "service_unavailable", containerRuntime
            ? "Compose runs need podman-compose, which was not found; install it (apt-get install podman-compose) or point --compose-cli at it, see docs/emulator.md."
            : "No container runtime is configured, so compose runs are unavailable; install podman-compose (apt-get install podman-compose) and start Lyceum Local with --container-cli podman, see docs/emulator.md.");

    public static JsonHttpResult<ApiError> ContainerRuntimeDown(string cli, string reason) =>
        Create(503, "service_unavailable",
            $"The container runtime '{cli}' did not answer ({reason}); check that it is installed and works, or change --container-cli.");

    public static JsonHttpResult<ApiError> AlreadyFinished(string id, string status) =>
        Create(409, "conflict", $"Execution '{id}' already finished with status '{status}'; there is nothing to stop.");

    public static JsonHttpResult<ApiError> RouteNotFound(string method, string path) =>
        NotFound($"No endpoint {method} {path}; docs/emulator.md lists the endpoints Lyceum Local serves.");

    public static JsonHttpResult<ApiError> MethodNotAllowed(string method, string path) =>
        Create(405, "method_not_allowed", $"{method} is not allowed on {path}; check the HTTP method in the API reference.");

    public static JsonHttpResult<ApiError> TooManyRequests(string category, int limit, string window) =>
        Create(429, "rate_limit_exceeded",
            $"Rate limit for {category} exceeded ({limit} per {window}); wait for the time in Retry-After, or start Lyceum Local with --no-rate-limits.");

    public static JsonHttpResult<ApiError> BadRequest(string detail) => Create(400, "validation_error", detail);

    public static JsonHttpResult<ApiError> Internal() =>
        Create(500, "internal_error", "Lyceum Local hit an internal error; the server log has the details.");
}
