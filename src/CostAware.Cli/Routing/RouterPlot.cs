using System.Globalization;
using ScottPlot;

namespace CostAware.Cli.Routing;

/// <summary>Draws a <see cref="RouterReport"/>'s curves (quality over the strong-call share) with ScottPlot.</summary>
internal static class RouterPlot
{
    private static readonly Color s_routerColor = new(0x1f, 0x77, 0xb4);
    private static readonly Color s_randomColor = new(0x7f, 0x7f, 0x7f);
    private static readonly Color s_oracleColor = new(0x2c, 0xa0, 0x2c);

    /// <summary>Draws the three curves, quality over strong-call share, to a PNG file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="report">The report.</param>
    /// <exception cref="CliException">The file cannot be written.</exception>
    public static void Draw(string path, RouterReport report)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);

        var plot = new Plot();
        double scale = report.QualityIsShare ? 100d : 1d;
        AddCurve(plot, report.Oracle.Curve, "oracle", s_oracleColor);
        AddCurve(plot, report.Random.Curve, "random", s_randomColor);
        AddCurve(plot, report.Router.Curve, report.Classifier + " router", s_routerColor);
        // On the curves' own scale (per cent for a share of correct answers), or the line falls off the chart.
        var target = plot.Add.HorizontalLine(RouterEvaluation.QualityTarget * report.StrongQuality * scale);
        target.LinePattern = LinePattern.Dashed;
        target.Color = new Color(0xd6, 0x27, 0x28);
        target.LegendText = "95% of the strong model's quality";
        plot.Title($"{report.Classifier} router: {report.Weak} vs {report.Strong} (n = {report.Count.ToString(CultureInfo.InvariantCulture)})");
        plot.XLabel("calls sent to the strong model (%)");
        plot.YLabel(report.QualityIsShare ? "quality (%)" : "quality (judge score)");
        plot.Axes.SetLimitsX(0, 100);
        double low = Math.Min(report.WeakQuality, RouterEvaluation.QualityTarget * report.StrongQuality) * scale;
        double high = report.Oracle.Curve.Max(static p => p.Quality) * scale;
        double margin = (high - low) * 0.08;
        plot.Axes.SetLimitsY(low - margin, high + margin);
        plot.ShowLegend(Alignment.LowerRight);
        try
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            plot.SavePng(path, 900, 600);
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot write the plot to '{path}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"cannot write the plot to '{path}': {ex.Message}", ex);
        }

        void AddCurve(Plot target, IReadOnlyList<CurvePoint> curve, string label, Color color)
        {
            var line = target.Add.Scatter(
                curve.Select(static p => p.Share * 100d).ToArray(),
                curve.Select(p => p.Quality * scale).ToArray());
            line.LegendText = label;
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = curve.Count > 30 ? 0 : 5;
        }
    }
}
