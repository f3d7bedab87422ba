using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lyceum.Client.Json;

/// <summary>Every type the client reads or writes: snake_case on the wire, unknown fields ignored,
/// numbers accepted as strings, nulls left out of requests.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(LenientDateTimeOffsetConverter), typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(PythonRunBody))]
[JsonSerializable(typeof(ImageRunBody))]
[JsonSerializable(typeof(StartResponse))]
[JsonSerializable(typeof(LoginBody))]
[JsonSerializable(typeof(RefreshBody))]
[JsonSerializable(typeof(CreateKeyBody))]
[JsonSerializable(typeof(CheckoutBody))]
[JsonSerializable(typeof(HardwareResponse))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(List<StorageObjectWire>))]
[JsonSerializable(typeof(StorageCredentialsWire))]
[JsonSerializable(typeof(ExecutionRecordWire))]
[JsonSerializable(typeof(ExecutionStatusWire))]
[JsonSerializable(typeof(PingResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(CliConfig))]
[JsonSerializable(typeof(TokenPair))]
[JsonSerializable(typeof(List<ApiKeyInfo>))]
[JsonSerializable(typeof(ApiKeyInfo))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(List<Workload>))]
[JsonSerializable(typeof(CreditBalance))]
[JsonSerializable(typeof(BillingHistory))]
[JsonSerializable(typeof(CheckoutSession))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class LyceumJsonContext : JsonSerializerContext;
