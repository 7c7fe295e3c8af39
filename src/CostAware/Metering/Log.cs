using Microsoft.Extensions.Logging;

namespace CostAware;

/// <summary>The meter's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "UnpricedModel", Level = LogLevel.Warning,
        Message = "Model '{Model}' is not in the price catalog; its calls are recorded as unpriced, not as free. Add it to the catalog to price them.")]
    public static partial void UnpricedModel(ILogger logger, string model);

    [LoggerMessage(EventId = 1002, EventName = "PriceResolved", Level = LogLevel.Information,
        Message = "Model '{Model}' is priced as '{PricedAs}' ({Match}).")]
    public static partial void PriceResolved(ILogger logger, string model, string pricedAs, PriceMatch match);

    [LoggerMessage(EventId = 1003, EventName = "CallRecorded", Level = LogLevel.Debug,
        Message = "Model call on '{Model}' {Outcome}: {InputTokens} input ({CachedTokens} cached), {OutputTokens} output tokens, cost {CostUsd} USD.")]
    public static partial void CallRecorded(ILogger logger, string? model, CallOutcome outcome, long? inputTokens, long? cachedTokens, long? outputTokens, decimal? costUsd);

    [LoggerMessage(EventId = 1004, EventName = "LedgerWriteFailed", Level = LogLevel.Error,
        Message = "The cost ledger rejected an entry for model '{Model}'; the call itself is unaffected.")]
    public static partial void LedgerWriteFailed(ILogger logger, Exception exception, string? model);
}
