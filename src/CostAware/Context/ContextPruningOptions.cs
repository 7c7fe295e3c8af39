using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Options of the context pruner (<see cref="ContextPruningChatClient"/>).</summary>
public sealed class ContextPruningOptions
{
    /// <summary>The default of <see cref="ContextWindowShare"/>.</summary>
    public const double DefaultContextWindowShare = 0.75;

    /// <summary>The default of <see cref="RecentTurnsKept"/>.</summary>
    public const int DefaultRecentTurnsKept = 2;

    /// <summary>The default of <see cref="MaximumToolResultTokens"/>.</summary>
    public const int DefaultMaximumToolResultTokens = 1024;

    /// <summary>The default of <see cref="MaximumSummaryTokens"/>.</summary>
    public const int DefaultMaximumSummaryTokens = 200;

    /// <summary>The default of <see cref="SummaryInstructions"/>.</summary>
    public const string DefaultSummaryInstructions =
        "Summarize this part of a conversation for the assistant that will continue it. Keep facts, decisions, " +
        "names, numbers and open questions; leave out pleasantries. Answer with the summary only.";

    /// <summary>Gets or sets the budget in prompt tokens (messages, tools and reply priming). When set, it wins over
    /// <see cref="ContextWindowShare"/>.</summary>
    /// <value>Defaults to <see langword="null"/>: the budget is a share of the model's context window.</value>
    public int? MaximumInputTokens { get; set; }

    /// <summary>Gets or sets the share of the model's context window (<see cref="ModelPrice.MaxInputTokens"/> in the
    /// price catalog) a request may fill when <see cref="MaximumInputTokens"/> is not set. A request for a model the
    /// catalog does not know is sent unchanged.</summary>
    /// <value>Defaults to <see cref="DefaultContextWindowShare"/> (0.75). Must be in (0, 1].</value>
    public double ContextWindowShare { get; set; } = DefaultContextWindowShare;

    /// <summary>Gets or sets how many turns, counted back from the last, are always kept whole. A turn starts at a user
    /// message; the last turn (the current one) is always kept.</summary>
    /// <value>Defaults to <see cref="DefaultRecentTurnsKept"/> (2). Must be at least 1.</value>
    public int RecentTurnsKept { get; set; } = DefaultRecentTurnsKept;

    /// <summary>Gets or sets the size above which an older tool result is shortened to its first and last
    /// halves of this many tokens, with a marker saying how many tokens were removed.</summary>
    /// <value>Defaults to <see cref="DefaultMaximumToolResultTokens"/> (1,024). Must be at least 2.</value>
    public int MaximumToolResultTokens { get; set; } = DefaultMaximumToolResultTokens;

    /// <summary>Gets or sets a value indicating whether an older tool call and its result are removed when the same
    /// function is called again later with the same arguments.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool RemoveSupersededToolResults { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether, when reducing the older turns is not enough, the tool results
    /// of the kept turns are reduced too (superseded ones removed with their calls, large ones shortened), except those
    /// of the latest tool-calling step. An agent run is one user turn followed by many tool steps, so without this
    /// nothing in it can be reduced.</summary>
    /// <value>Defaults to <see langword="true"/>: it applies only when the budget cannot be met otherwise, and the
    /// latest tool-calling step is always sent whole. Set it to <see langword="false"/> to send the kept turns whole
    /// whatever the budget.</value>
    public bool ReduceToolResultsInRecentTurns { get; set; } = true;

    /// <summary>Gets or sets the client that summarizes older turns (a cheap model; put a token meter on it to price
    /// its calls). Each turn is summarized once and its summary reused, keyed by a hash of the turn's content; a
    /// summary is sent in the turn's place as an assistant message that starts with
    /// <c>[Summary of an earlier turn]</c>. With none, older turns are dropped.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public IChatClient? Summarizer { get; set; }

    /// <summary>Gets or sets the system instructions sent to the summarizer with each turn.</summary>
    /// <value>Defaults to <see cref="DefaultSummaryInstructions"/>.</value>
    public string SummaryInstructions { get; set; } = DefaultSummaryInstructions;

    /// <summary>Gets or sets the output limit of a summary, passed to the summarizer as
    /// <see cref="ChatOptions.MaxOutputTokens"/>.</summary>
    /// <value>Defaults to <see cref="DefaultMaximumSummaryTokens"/> (200). Must be positive.</value>
    public int MaximumSummaryTokens { get; set; } = DefaultMaximumSummaryTokens;

    /// <summary>Gets or sets the token counter.</summary>
    /// <value>Defaults to <see cref="TiktokenTokenCounter.O200kBase"/>.</value>
    public ITokenCounter? TokenCounter { get; set; }
}
