using Lyceum.Interactive.Remote;

namespace Lyceum.Interactive.Sweeps;

/// <summary>How an image run takes a sweep's values (<c>#!lyceum image … --sweep NAME=V1,V2</c>): each <c>{NAME}</c> in
/// the words of <c>--cmd</c> and the values of <c>--env</c> is replaced by the run's value, and the run's environment
/// gets <c>NAME=value</c> (over an <c>--env</c> entry of the same name). A quoted value (<c>'adam'</c>) goes in without
/// its quotes; any other value as typed.</summary>
internal static class ImageSweep
{
    /// <summary>One image run per point of <paramref name="plan"/>, from the image run <paramref name="request"/>.</summary>
    public static IReadOnlyList<SweepPoint> Points(SweepPlan plan, RunRequest request)
    {
        var image = request.Image ?? throw new ArgumentException("An image run is needed.", nameof(request));
        return plan.Points.Select((point, i) =>
        {
            var environment = (image.Environment ?? new Dictionary<string, string>())
                .ToDictionary(e => e.Key, e => Substitute(e.Value, point), StringComparer.Ordinal);
            foreach (var (name, value) in point)
                environment[name] = Text(value);
            return new SweepPoint(SweepPlan.Describe(point), request with
            {
                What = $"{request.What} run {i + 1}",
                Image = image with
                {
                    DockerRunCmd = image.DockerRunCmd?.Select(word => Substitute(word, point)).ToList(),
                    Environment = environment,
                },
            });
        }).ToList();
    }

    /// <summary><paramref name="text"/> with each <c>{NAME}</c> of the point replaced by its value.</summary>
    public static string Substitute(string text, IReadOnlyList<KeyValuePair<string, string>> point) =>
        point.Aggregate(text, (t, p) => t.Replace("{" + p.Key + "}", Text(p.Value), StringComparison.Ordinal));

    // 'adam' and "adam" are the text adam; 0.1, [1, 2] and bare words stay as typed.
    private static string Text(string value) =>
        value.Length >= 2 && value[0] is '\'' or '"' && value[^1] == value[0] ? value[1..^1] : value;
}
