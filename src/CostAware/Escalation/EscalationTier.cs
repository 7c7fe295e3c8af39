using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>One rung of an escalation ladder: a named client and the model it calls.</summary>
public sealed class EscalationTier
{
    /// <summary>Initializes a new instance of the <see cref="EscalationTier"/> class.</summary>
    /// <param name="name">The tier's name, for example <c>small</c>; used in statistics, logs and ledger entries.</param>
    /// <param name="client">The tier's client; put a token meter on it so that every attempt is priced.</param>
    /// <param name="modelId">The model the tier calls, for break-even pricing; by default the client's default model.</param>
    public EscalationTier(string name, IChatClient client, string? modelId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(client);
        Name = name;
        Client = client;
        ModelId = modelId ?? client.GetService<ChatClientMetadata>()?.DefaultModelId;
    }

    /// <summary>Gets the tier's name.</summary>
    public string Name { get; }

    /// <summary>Gets the tier's client.</summary>
    public IChatClient Client { get; }

    /// <summary>Gets the model the tier calls, or <see langword="null"/> when unknown (break-even then cannot be
    /// computed).</summary>
    public string? ModelId { get; }

    /// <summary>Builds a ladder of tiers, cheapest first, ending on the strongest (the client a decorator wraps), and
    /// checks that their names are unique, as ledger entries and statistics are keyed by them.</summary>
    internal static EscalationTier[] Ladder(IEnumerable<EscalationTier> cheaper, string topName, IChatClient top, string paramName)
    {
        EscalationTier[] tiers = [.. cheaper, new EscalationTier(topName, top)];
        var names = tiers.Select(static t => t.Name).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException($"Tier names must be unique; found {string.Join(", ", names)}.", paramName);
        }

        return tiers;
    }

    /// <inheritdoc />
    public override string ToString() => ModelId is null ? Name : $"{Name} ({ModelId})";
}
