using System.Net;
using System.Text;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

/// <summary>
/// The fault suite: generated hostile requests over every endpoint, crashes with work in flight, two accounts probing
/// each other, concurrent limits, and the memory bound. Bounded in count and time, loopback only, no sleeps.
/// </summary>
public sealed partial class FaultSuiteTests : IDisposable
{
    private const string Password = "fault-suite-password-31";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lyceum-local-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }

    /// <summary>What no answer may contain: host paths, secrets, stack traces.</summary>
    private static void AssertNothingLeaks(string what, HttpStatusCode status, string body, IEnumerable<string> secrets)
    {
        Assert.True(status != HttpStatusCode.InternalServerError, $"{what}: 500 {body}");
        foreach (var secret in secrets)
            Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{what}: the answer ({(int)status}) shows '{secret}': {body}");
        Assert.False(body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal), $"{what}: a stack trace in {body}");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
