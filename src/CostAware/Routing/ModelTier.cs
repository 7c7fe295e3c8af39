using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>A named model tier the router can send requests to, for example <c>small</c>, <c>medium</c> or
/// <c>frontier</c>.</summary>
/// <remarks>
/// <para>A tier's client is, in order: <see cref="Client"/> when set; else, when the router is built from a service
/// provider, the keyed <see cref="IChatClient"/> registered under <see cref="ServiceKey"/> (by default the tier's
/// name); else the client the router wraps in its pipeline, which then receives the tier's model in
/// <see cref="ChatOptions.ModelId"/>. The router always sets <see cref="ChatOptions.ModelId"/> to the tier's model.</para>
/// <para>Tiers are ordered by price (see <see cref="TierRouterOptions"/>); the price comes from <see cref="Price"/> or
/// the price catalog.</para>
/// </remarks>
public sealed class ModelTier
{
    /// <summary>Initializes a new instance of the <see cref="ModelTier"/> class.</summary>
    public ModelTier()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelTier"/> class.</summary>
    /// <param name="name">The tier's name; it appears in decisions, ledger entries, logs and metrics.</param>
    /// <param name="modelId">The model the tier calls.</param>
    /// <param name="client">The tier's client; see the remarks for the default.</param>
    public ModelTier(string name, string modelId, IChatClient? client = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        Name = name;
        ModelId = modelId;
        Client = client;
    }

    /// <summary>Gets or sets the tier's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the model the tier calls.</summary>
    public string ModelId { get; set; } = string.Empty;

    /// <summary>Gets or sets the tier's client.</summary>
    public IChatClient? Client { get; set; }

    /// <summary>Gets or sets the key of the tier's keyed <see cref="IChatClient"/> service; the tier's name when
    /// <see langword="null"/>.</summary>
    public string? ServiceKey { get; set; }

    /// <summary>Gets or sets what the tier can handle.</summary>
    public TierCapabilities Capabilities { get; set; } = new();

    /// <summary>Gets or sets an optional quality hint in [0, 1], compared with a quality floor
    /// (<see cref="TierRouterOptions.MinimumQuality"/>).</summary>
    public double? QualityHint { get; set; }

    /// <summary>Gets or sets the tier's price; the catalog's price of <see cref="ModelId"/> when <see langword="null"/>.</summary>
    public ModelPrice? Price { get; set; }

    internal ModelTier Snapshot() => new()
    {
        Name = Name,
        ModelId = ModelId,
        Client = Client,
        ServiceKey = ServiceKey,
        Capabilities = Capabilities.Clone(),
        QualityHint = QualityHint,
        Price = Price,
    };

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({ModelId})";
}
