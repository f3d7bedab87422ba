namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>A fact that needs Debian's python3 with python3-matplotlib (CI installs it); skipped, saying why, elsewhere.</summary>
public sealed class MatplotlibFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() => LocalPython.CanImport(LocalPython.Debian, "matplotlib"));

    public MatplotlibFactAttribute()
    {
        if (!Available.Value)
        {
            Skip = $"matplotlib is not importable by {LocalPython.Debian}: install python3-matplotlib (apt-get install -y python3-matplotlib) to run this test.";
        }
    }
}
