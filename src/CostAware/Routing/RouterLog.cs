using Microsoft.Extensions.Logging;

namespace CostAware;

/// <summary>The router's log messages.</summary>
internal static partial class RouterLog
{
    [LoggerMessage(EventId = 7001, EventName = "RouteDecided", Level = LogLevel.Debug, Message = "Routed: {Explanation}")]
    public static partial void Routed(ILogger logger, string explanation);

    [LoggerMessage(EventId = 7002, EventName = "RouterShareDrift", Level = LogLevel.Warning,
        Message = "Router drift: tier '{Tier}' received {Realised:P1} of the last {Window} requests against a calibrated {Target:P1} (tolerance {Tolerance:P0}). The traffic no longer looks like the calibration sample; recalibrate the thresholds on recent prompts.")]
    public static partial void Drift(ILogger logger, string tier, double realised, int window, double target, double tolerance);

    [LoggerMessage(EventId = 7003, EventName = "RouterShareBackInTolerance", Level = LogLevel.Information,
        Message = "Router shares are back within {Tolerance:P0} of their targets over the last {Window} requests.")]
    public static partial void DriftResolved(ILogger logger, int window, double tolerance);

    [LoggerMessage(EventId = 7004, EventName = "QualityFloorExcludedCheaperTiers", Level = LogLevel.Warning,
        Message = "The quality floor {Floor} leaves out every tier cheaper than '{Tier}'; requests under it cannot be routed to a cheaper model.")]
    public static partial void QualityFloorExcludedAll(ILogger logger, double floor, string tier);

    [LoggerMessage(EventId = 7005, EventName = "RoutingFeedbackFailed", Level = LogLevel.Warning,
        Message = "An escalation verdict could not be added to the routing classifier; the example is dropped.")]
    public static partial void FeedbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7006, EventName = "RouterClassifierFailed", Level = LogLevel.Warning,
        Message = "The difficulty classifier failed; the request is routed with the fallback score {Score}.")]
    public static partial void ClassifierFailed(ILogger logger, double score, Exception exception);

    [LoggerMessage(EventId = 7007, EventName = "RouterDriftNotJudged", Level = LogLevel.Information,
        Message = "The router's thresholds carry no target shares, so drift is not judged; calibrate them with RouterCalibration to get target shares.")]
    public static partial void DriftNotJudged(ILogger logger);
}
