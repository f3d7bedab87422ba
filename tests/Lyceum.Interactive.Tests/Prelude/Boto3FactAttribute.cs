namespace Lyceum.Interactive.Tests.Prelude;

/// <summary>A fact that needs Debian's python3 with python3-boto3 (CI installs it); skipped, saying why, elsewhere.</summary>
public sealed class Boto3FactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() => LocalPython.CanImport(LocalPython.Debian, "boto3"));

    public Boto3FactAttribute()
    {
        if (!Available.Value)
            Skip = $"boto3 is not importable by {LocalPython.Debian}: install python3-boto3 (apt-get install -y python3-boto3) to run this test.";
    }
}
