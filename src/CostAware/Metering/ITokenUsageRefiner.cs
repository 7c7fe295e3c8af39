namespace CostAware;

/// <summary>
/// Completes the usage an <see cref="Microsoft.Extensions.AI.IChatClient"/> adapter reported with what only the
/// provider's own response object holds (for example Anthropic's split of cache writes into 5-minute and 1-hour).
/// </summary>
/// <remarks>The token meter calls every refiner with the response's <c>RawRepresentation</c> and, when streaming,
/// with each update's, in order. A refiner returns the usage unchanged for raw objects it does not know. Provider
/// packages supply refiners (<c>AnthropicUsageRefiner</c> in CostAware.Anthropic).</remarks>
public interface ITokenUsageRefiner
{
    /// <summary>Returns the usage completed from a raw provider object.</summary>
    /// <param name="usage">The usage so far.</param>
    /// <param name="rawRepresentation">The provider's response or stream event, or <see langword="null"/>.</param>
    /// <returns>The completed usage, or <paramref name="usage"/> itself.</returns>
    TokenUsage Refine(TokenUsage usage, object? rawRepresentation);
}
