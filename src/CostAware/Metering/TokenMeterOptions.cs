namespace CostAware;

/// <summary>Options of the token meter (<see cref="TokenMeterChatClient"/>).</summary>
public sealed class TokenMeterOptions
{
    /// <summary>Gets or sets the provider name recorded on each entry; by default the inner client's
    /// <see cref="Microsoft.Extensions.AI.ChatClientMetadata.ProviderName"/>, else the catalog entry's provider.</summary>
    public string? ProviderName { get; set; }

    /// <summary>Gets or sets a value indicating whether every call through this meter is a batch call, priced at
    /// batch rates. A single request can say so with <see cref="CostAttributionChatOptionsExtensions.BatchKey"/>.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool IsBatch { get; set; }

    /// <summary>Gets or sets the attribution dimensions exported as metric tags.</summary>
    /// <value>Defaults to tenant, feature and route. The user is left out, as it is usually unbounded.</value>
    public AttributionDimensions ExportedDimensions { get; set; } =
        AttributionDimensions.Tenant | AttributionDimensions.Feature | AttributionDimensions.Route;

    /// <summary>Gets or sets a value indicating whether a stream the caller stopped reading before the provider
    /// reported usage is recorded with counts estimated from the prompt and the text received.</summary>
    /// <value>Defaults to <see langword="true"/>. When <see langword="false"/>, such a call is recorded with unknown
    /// counts.</value>
    public bool EstimateIncompleteStreams { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the call's <see cref="CostLedgerEntry"/> is attached to the
    /// response (see <see cref="CostAwareResponseExtensions.GetCostEntry(Microsoft.Extensions.AI.ChatResponse)"/>).</summary>
    /// <value>Defaults to <see langword="true"/>. Attaching creates the response's property dictionary when the
    /// provider left it empty (about 240 bytes); callers that read costs only from the ledger or the metrics can turn
    /// it off. The escalator and the agent runner read the attached entry to count each attempt's cost, so leave it on
    /// for the clients they call.</value>
    public bool AttachCostToResponse { get; set; } = true;

    /// <summary>Gets the refiners that complete reported usage from the provider's raw response objects.</summary>
    public IList<ITokenUsageRefiner> UsageRefiners { get; } = [];

    /// <summary>Gets or sets the token counter used for estimates.</summary>
    /// <value>Defaults to <see cref="TiktokenTokenCounter.O200kBase"/>.</value>
    public ITokenCounter? TokenCounter { get; set; }
}
