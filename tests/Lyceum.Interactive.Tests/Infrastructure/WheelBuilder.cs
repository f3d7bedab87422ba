using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Interactive.Tests.Infrastructure;

/// <summary>Writes a tiny pure-Python wheel (a zip with the module and its dist-info), so pip can install it offline.</summary>
public static class WheelBuilder
{
    public static string Build(string directory, string name, string version, string moduleSource)
    {
        var path = Path.Combine(directory, $"{name}-{version}-py3-none-any.whl");
        var info = $"{name}-{version}.dist-info";
        var files = new Dictionary<string, string>
        {
            [$"{name}/__init__.py"] = moduleSource,
            [$"{info}/METADATA"] = $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: test wheel\n",
            [$"{info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: lyceum-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        };
        var record = new StringBuilder();
        foreach (var (file, content) in files)
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            var hash = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append($"{file},sha256={hash},{bytes.Length}\n");
        }
        record.Append($"{info}/RECORD,,\n");
        files[$"{info}/RECORD"] = record.ToString();
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (file, content) in files)
        {
            using var writer = new StreamWriter(zip.CreateEntry(file).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }
        return path;
    }
}
