using Microsoft.Extensions.Logging;

namespace CostAware;

/// <summary>The prefix orderer's log messages.</summary>
internal static partial class PrefixLog
{
    [LoggerMessage(EventId = 2001, EventName = "EarlyVolatileContent", Level = LogLevel.Warning,
        Message = "Route '{Route}': volatile content ({Kind}) at token {TokenPosition} of the prompt cuts the provider's cache short there. Moved: {Moved}.")]
    public static partial void EarlyVolatileContent(ILogger logger, string route, VolatileKind kind, int tokenPosition, bool moved);
}
