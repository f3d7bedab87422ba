using System.Text.Json;

namespace Lyceum.Interactive.Tests;

public sealed class ImageCommandParsingTests
{
    [Theory]
    [InlineData("\"echo hello\"", new[] { "echo", "hello" })]
    [InlineData("\"sh -c 'echo $FOO; ls /mnt/s3'\"", new[] { "sh", "-c", "echo $FOO; ls /mnt/s3" })]
    [InlineData("\"python -c \\\"print('a b')\\\"\"", new[] { "python", "-c", "print('a b')" })]
    [InlineData("[\"sh\",\"-c\",\"echo a  b\"]", new[] { "sh", "-c", "echo a  b" })]
    public void a_command_given_as_text_is_split_into_words_as_a_shell_would(string json, string[] expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, Commands.LyceumImage.ParseCommand(document.RootElement));
    }
}
