using System.Globalization;

namespace CostAware.Cli.Output;

/// <summary>Formats money exactly: no float rounding, no trailing zeros.</summary>
internal static class DecimalText
{
    /// <summary>Removes trailing zeros from a decimal's scale, keeping its value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The same value at the smallest scale that holds it.</returns>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>Formats a decimal with the invariant culture, normalized.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, such as <c>0.005615</c>.</returns>
    public static string Format(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a US dollar amount for people: a dollar sign and the exact value.</summary>
    /// <param name="value">The amount, or <see langword="null"/> when unknown.</param>
    /// <returns>The text, such as <c>$0.005615</c>, or a dash.</returns>
    public static string Usd(decimal? value) => value is { } v ? "$" + Format(v) : "-";

    /// <summary>Formats a token count with thousands separators, or a dash when unknown.</summary>
    /// <param name="value">The count.</param>
    /// <returns>The text.</returns>
    public static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";
}
