using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>What the prefix orderer does with the volatile content it finds.</summary>
public enum PrefixOrderingMode
{
    /// <summary>Move volatile content after the stable prefix, order tools deterministically and place cache hints.</summary>
    Reorder,

    /// <summary>Change nothing; report what would move (on the response and in the statistics).</summary>
    ReportOnly,
}

/// <summary>Where moved volatile lines go.</summary>
public enum VolatilePlacement
{
    /// <summary>At the start of the current turn (the last user message), as a text block of its own. Keeps the whole
    /// conversation history in the cacheable prefix.</summary>
    CurrentTurn,

    /// <summary>At the end of the last system message, as a text block of its own. Suits single-turn prompts whose
    /// instructions and examples are all in the system prompt.</summary>
    EndOfSystemPrompt,
}

/// <summary>How long a provider keeps a cached prefix written at a breakpoint.</summary>
public enum PromptCacheLifetime
{
    /// <summary>The provider's default (five minutes at Anthropic), refreshed on every hit.</summary>
    FiveMinutes,

    /// <summary>One hour (Anthropic's extended lifetime; writes cost more).</summary>
    OneHour,
}

/// <summary>Options of the prefix orderer (<see cref="PrefixOrderingChatClient"/>).</summary>
public sealed class PrefixOrderingOptions
{
    /// <summary>The default of <see cref="VolatileWarningTokenWindow"/>.</summary>
    public const int DefaultVolatileWarningTokenWindow = 1024;

    /// <summary>The most cache breakpoints Anthropic accepts in one request.</summary>
    public const int MaximumCacheBreakpointsPerRequest = 4;

    /// <summary>Gets or sets whether the orderer changes requests or only reports.</summary>
    /// <value>Defaults to <see cref="PrefixOrderingMode.Reorder"/>.</value>
    public PrefixOrderingMode Mode { get; set; } = PrefixOrderingMode.Reorder;

    /// <summary>Gets or sets where moved volatile lines go.</summary>
    /// <value>Defaults to <see cref="VolatilePlacement.CurrentTurn"/>.</value>
    public VolatilePlacement Placement { get; set; } = VolatilePlacement.CurrentTurn;

    /// <summary>Gets or sets a value indicating whether tools are sent in name order, so that the same tools always
    /// give the same prefix.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool SortTools { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether documents marked with an id (see
    /// <see cref="PromptDocumentExtensions"/>) are sent in id order within each run of adjacent documents.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool SortDocuments { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether lines that change between consecutive requests of a route are
    /// learned as volatile.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool LearnFromTraffic { get; set; } = true;

    /// <summary>Gets or sets how many tokens from the start of a prompt are watched: volatile content found there is
    /// logged as a warning once per route, as it cuts every provider cache short.</summary>
    /// <value>Defaults to <see cref="DefaultVolatileWarningTokenWindow"/> (1,024).</value>
    public int VolatileWarningTokenWindow { get; set; } = DefaultVolatileWarningTokenWindow;

    /// <summary>Gets or sets the lifetime of the cache breakpoints placed after the stable blocks (system prompt,
    /// examples). The breakpoint after the conversation history always uses five minutes.</summary>
    /// <value>Defaults to <see cref="PromptCacheLifetime.FiveMinutes"/>.</value>
    public PromptCacheLifetime StableBlockCacheLifetime { get; set; } = PromptCacheLifetime.FiveMinutes;

    /// <summary>Gets or sets a value indicating whether cache breakpoints are placed only on requests whose stable
    /// prefix this orderer has seen before.</summary>
    /// <value>Defaults to <see langword="false"/>: every request whose prefix reaches the model's minimum writes the
    /// cache. A write costs more than plain input (1.25× for five minutes at Anthropic) and pays only when a later
    /// request reads it; turn this on where many prefixes are sent once, at the price of one more uncached request per
    /// prefix that does repeat.</value>
    public bool WriteCacheOnlyForRepeatedPrefixes { get; set; }

    /// <summary>Gets or sets a function that names the route of a request; requests of a route are compared with
    /// each other to learn volatile lines and measured together.</summary>
    /// <value>By default the route of the request's <see cref="CostAttribution"/>, else its model id, else
    /// <c>default</c>.</value>
    public Func<ChatOptions?, string>? RouteSelector { get; set; }

    /// <summary>Gets the writers that put provider cache hints (Anthropic <c>cache_control</c>, OpenAI
    /// <c>prompt_cache_key</c>) on a request. The provider packages supply them; with none, no hint is placed.</summary>
    public IList<IPromptCacheHintWriter> CacheHintWriters { get; } = [];

    /// <summary>Gets or sets the token counter used for prefix sizes.</summary>
    /// <value>Defaults to <see cref="TiktokenTokenCounter.O200kBase"/>.</value>
    public ITokenCounter? TokenCounter { get; set; }
}
