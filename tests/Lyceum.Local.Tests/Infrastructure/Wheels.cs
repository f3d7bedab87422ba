using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>Builds a tiny pure-Python wheel by hand (a zip with the module, METADATA, WHEEL, RECORD), so pip installs offline.</summary>
internal static class Wheels
{
    public static string Build(string folder, string name, string version, string moduleSource)
    {
        Directory.CreateDirectory(folder);
        var distInfo = $"{name}-{version}.dist-info";
        var files = new Dictionary<string, string>
        {
            [$"{name}/__init__.py"] = moduleSource,
            [$"{distInfo}/METADATA"] = $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: test wheel built by Lyceum.Local.Tests\n",
            [$"{distInfo}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: lyceum-local-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        };
        var record = new StringBuilder();
        foreach (var (path, text) in files)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var hash = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append($"{path},sha256={hash},{bytes.Length}\n");
        }
        record.Append($"{distInfo}/RECORD,,\n");
        files[$"{distInfo}/RECORD"] = record.ToString();

        var wheel = Path.Combine(folder, $"{name}-{version}-py3-none-any.whl");
        using var zip = ZipFile.Open(wheel, ZipArchiveMode.Create);
        foreach (var (path, text) in files)
        {
            using var entry = zip.CreateEntry(path).Open();
            entry.Write(Encoding.UTF8.GetBytes(text));
        }
        return wheel;
    }
}
