using System.Text;

namespace Lyceum.Local.Execution;

/// <summary>
/// Puts a service's name before each line of its output (as <c>docker compose up</c> does), across chunks that split
/// lines anywhere; one per service and stream.
/// </summary>
internal sealed class LinePrefixer(string prefix)
{
    private bool _atLineStart = true;

    public string Apply(string chunk)
    {
        var text = new StringBuilder(chunk.Length + prefix.Length);
        foreach (var c in chunk)
        {
            if (_atLineStart)
                text.Append(prefix);
            text.Append(c);
            _atLineStart = c == '\n';
        }
        return text.ToString();
    }
}
