namespace CostAware.Cli.Pricing;

/// <summary>One line of a usage log, priced, or the reason it could not be.</summary>
/// <param name="LineNumber">The line's 1-based number in the file.</param>
/// <param name="Id">The line's <c>id</c>, when it had one.</param>
/// <param name="Model">The line's <c>model</c>, when it had one.</param>
/// <param name="Usage">The tokens read, when the usage object could be read.</param>
/// <param name="Cost">The cost, when the model is priced.</param>
/// <param name="Error">Why the line could not be priced, or <see langword="null"/>.</param>
internal sealed record PricedLine(
    int LineNumber,
    string? Id,
    string? Model,
    TokenUsage? Usage,
    CostBreakdown? Cost,
    string? Error);
