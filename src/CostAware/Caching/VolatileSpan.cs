namespace CostAware;

/// <summary>One piece of per-request content found in a prompt.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Start">Its offset in characters within the text searched.</param>
/// <param name="Length">Its length in characters.</param>
/// <param name="Value">The text itself.</param>
public readonly record struct VolatileSpan(VolatileKind Kind, int Start, int Length, string Value)
{
    /// <summary>Gets the offset just past the span.</summary>
    public int End => Start + Length;
}
