namespace Lyceum.Tests;

/// <summary>
/// The chaos suites' Python run: numbered lines on stdout, every fifth one also on stderr, paced a little so the run
/// is still live while its stream is hit; and exactly what each stream must deliver, once and in order.
/// </summary>
internal static class NumberedLines
{
    public static string Code(int lines) => $$"""
        import sys, time
        for i in range({{lines}}):
            print(f"out {i}")
            if i % 5 == 0:
                print(f"err {i}", file=sys.stderr)
            if i % 250 == 249:
                time.sleep(0.01)
        """;

    public static string Stdout(int lines) => string.Concat(Enumerable.Range(0, lines).Select(i => $"out {i}\n"));

    public static string Stderr(int lines) => string.Concat(Enumerable.Range(0, lines).Where(i => i % 5 == 0).Select(i => $"err {i}\n"));
}
