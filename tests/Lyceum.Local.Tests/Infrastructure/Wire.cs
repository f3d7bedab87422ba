using System.Net;
using System.Text;
using System.Text.Json;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>Assertions about the wire: the documented error shape, stream messages.</summary>
internal static class Wire
{
    /// <summary>Asserts the documented error shape <c>{"detail","status","type","errors":[{field,message}]}</c> with this status.</summary>
    public static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var json = await TestServer.JsonAsync(response);
        Assert.True(expected == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {json}");
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        Assert.Equal((int)expected, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("type").GetString()));
        var errors = json.GetProperty("errors");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        foreach (var error in errors.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, error.GetProperty("field").ValueKind);
            Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        }
        if (field is not null)
            Assert.Contains(errors.EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        return json;
    }

    public static string Text(IEnumerable<JsonElement> messages, string? stream = null)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
            if (message.TryGetProperty("output", out var output) && (stream is null || message.GetProperty("stream").GetString() == stream))
                text.Append(output.GetProperty("content").GetString());
        return text.ToString();
    }

    public static JsonElement Terminal(IReadOnlyList<JsonElement> messages)
    {
        Assert.NotEmpty(messages);
        var last = messages[^1];
        Assert.True(last.TryGetProperty("jobFinished", out _), $"the last message is not jobFinished: {last}");
        Assert.Single(messages, m => m.TryGetProperty("jobFinished", out _));
        return last;
    }

    public static string Status(IReadOnlyList<JsonElement> messages) => Terminal(messages).GetProperty("status").GetString()!;

    public static string ReturnCode(IReadOnlyList<JsonElement> messages) =>
        Terminal(messages).GetProperty("jobFinished").GetProperty("job").GetProperty("result").GetProperty("returnCode").GetString()!;

    public static void AssertSeqContiguous(IReadOnlyList<JsonElement> messages, long first = 1)
    {
        for (var i = 0; i < messages.Count; i++)
            Assert.Equal(first + i, messages[i].GetProperty("seq").GetInt64());
    }
}
