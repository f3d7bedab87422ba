using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests.S3;

/// <summary>Damage done to a stored object behind the server's back, as a failing disk would.</summary>
internal static class StoredBytes
{
    /// <summary>Flips one stored byte, keeping the file's size and time: the service still vouches for the old bytes.</summary>
    public static void Rot(TestServer server, string key, long offset)
    {
        var stored = Directory.EnumerateFiles(server.Server.DataDirectory, Path.GetFileName(key), SearchOption.AllDirectories).Single();
        var modified = File.GetLastWriteTimeUtc(stored);
        using (var file = new FileStream(stored, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = offset;
            var value = file.ReadByte();
            file.Position = offset;
            file.WriteByte((byte)(value ^ 0xFF));
        }
        File.SetLastWriteTimeUtc(stored, modified);
    }
}
