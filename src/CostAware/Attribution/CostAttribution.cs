namespace CostAware;

/// <summary>Who and what a model call is billed to: tenant, feature, user, route and free-form tags.</summary>
/// <remarks>Attribution flows down with a request through <see cref="CostScope"/> or through
/// <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> (see
/// <see cref="CostAttributionChatOptionsExtensions"/>); what the options say wins over the ambient scope.</remarks>
public sealed record CostAttribution
{
    /// <summary>Gets an attribution that says nothing.</summary>
    public static CostAttribution None { get; } = new();

    /// <summary>Gets the tenant (customer, team or account) the call is billed to.</summary>
    public string? Tenant { get; init; }

    /// <summary>Gets the product feature that made the call.</summary>
    public string? Feature { get; init; }

    /// <summary>Gets the end user on whose behalf the call was made.</summary>
    public string? User { get; init; }

    /// <summary>Gets the route: the path through the pipeline (for example the tier a router chose).</summary>
    public string? Route { get; init; }

    /// <summary>Gets free-form tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = EmptyTags;

    private static IReadOnlyDictionary<string, string> EmptyTags { get; } = new Dictionary<string, string>();

    /// <summary>Returns this attribution with the values <paramref name="overrides"/> sets replacing its own; tags
    /// are merged, the override's winning.</summary>
    /// <param name="overrides">The more specific attribution, or <see langword="null"/>.</param>
    /// <returns>The combined attribution.</returns>
    public CostAttribution Merge(CostAttribution? overrides)
    {
        if (overrides is null || ReferenceEquals(overrides, None))
        {
            return this;
        }

        if (ReferenceEquals(this, None))
        {
            return overrides;
        }

        IReadOnlyDictionary<string, string> tags = Tags;
        if (overrides.Tags.Count > 0)
        {
            var merged = new Dictionary<string, string>(Tags.Count + overrides.Tags.Count, StringComparer.Ordinal);
            foreach (var (key, value) in Tags)
            {
                merged[key] = value;
            }

            foreach (var (key, value) in overrides.Tags)
            {
                merged[key] = value;
            }

            tags = merged;
        }

        return new CostAttribution
        {
            Tenant = overrides.Tenant ?? Tenant,
            Feature = overrides.Feature ?? Feature,
            User = overrides.User ?? User,
            Route = overrides.Route ?? Route,
            Tags = tags,
        };
    }
}
