using System.Text.RegularExpressions;
using Lyceum.Client;

namespace Lyceum.Interactive;

/// <summary>
/// The service's refusals said in notebook terms: the option the user typed instead of the API's field name, and the
/// notebook command that lists what exists instead of a REST path.
/// </summary>
internal static partial class ServiceWords
{
    // The API's field names and what the user typed to set them.
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["execution_type"] = "--machine",
        ["timeout"] = "--timeout",
        ["requirements_content"] = "#!requirements",
        ["docker_image_ref"] = "the image",
        ["docker_run_cmd"] = "--cmd",
        ["docker_run_env"] = "--env",
    };

    /// <summary>What lists the account's runs, said after a run id the service does not know.</summary>
    public const string RunsHint = "#!lyceum runs lists your live runs, #!lyceum history the past ones.";

    /// <summary>What lists the storage keys, said after a key the service does not know.</summary>
    public const string FilesHint = "#!lyceum files lists your storage keys.";

    /// <summary>A run id the service does not know, in the notebook's words (the hint follows).</summary>
    public static string NoRun(string id) => $"There is no run '{id}' on your account.";

    /// <summary>A storage key the service does not know, in the notebook's words (the hint follows).</summary>
    public static string NoFile(string key) => $"There is no file '{key}' in your storage.";

    /// <summary>The exception's message in the notebook's words.</summary>
    /// <param name="error">What the service said.</param>
    /// <param name="values">What the user gave each option (<c>--machine</c> → <c>gpu.x9000</c>), to quote it back.</param>
    public static string Say(LyceumApiException error, IReadOnlyDictionary<string, string?>? values = null)
    {
        if (error.StatusCode is 400 or 422 && error.FieldErrors.Count > 0 && error.FieldErrors.All(f => Options.ContainsKey(f.Field)))
            return string.Join(" ", error.FieldErrors.Select(f => Field(f, values)));
        // "HTTP 404 (not_found): " is the API's framing, not the notebook's: the sentence after it is what to say.
        return Clean(HttpPrefix().Replace(error.Message, ""));
    }

    /// <summary>Text without REST paths, API hints and field names.</summary>
    public static string Clean(string text)
    {
        text = RestClause().Replace(text, "");
        text = ApiHint().Replace(text, "");
        foreach (var (field, option) in Options)
            text = text.Replace(field + ":", option + ":", StringComparison.Ordinal);
        return LyceumCommands.Sentence(text.Trim());
    }

    private static string Field(LyceumFieldError field, IReadOnlyDictionary<string, string?>? values)
    {
        var option = Options[field.Field];
        var given = values is not null && values.TryGetValue(option, out var v) && v is not null ? $"{option} {v}" : option;
        if (option == "--machine")
        {
            var available = Available().Match(field.Message) is { Success: true } m ? m.Groups[1].Value.TrimEnd('.') : null;
            var what = field.Message.Contains("unknown", StringComparison.OrdinalIgnoreCase) ? "is not a machine type" : "is not available here";
            return available is null
                ? $"{given} {what}; #!lyceum status lists the machine types you can use."
                : $"{given} {what}; available: {available}.";
        }
        return $"{given}: {LyceumCommands.Sentence(Clean(field.Message))}";
    }

    // "; list your files with GET /storage/list-files" and the like: a clause that names an HTTP method and a path.
    [GeneratedRegex(@"[;,]?\s*[^;.]*?\b(?:GET|POST|PUT|DELETE|PATCH)\s+/[^\s;]*(?:\s+or\s+/[^\s;.]*)?")]
    private static partial Regex RestClause();

    // The SDK's generic advice after " — ", written for programmers ("fix the fields named and send again").
    [GeneratedRegex(@"\s+—\s+(?:fix the (?:fields named|request) and send again|check the id, key or path|add credits \(BillingClient[^)]*\)[^.]*)")]
    private static partial Regex ApiHint();

    [GeneratedRegex(@"^HTTP \d{3}(?: \([a-z_]+\))?: ")]
    private static partial Regex HttpPrefix();

    [GeneratedRegex(@"(?:available|use one of):\s*(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Available();
}
