namespace Lyceum.Interactive.Prelude;

/// <summary>The image format matplotlib figures are sent back in.</summary>
internal enum FigureFormat
{
    /// <summary>PNG bitmaps (image/png), the default.</summary>
    Png,

    /// <summary>SVG vector images (image/svg+xml).</summary>
    Svg,
}
