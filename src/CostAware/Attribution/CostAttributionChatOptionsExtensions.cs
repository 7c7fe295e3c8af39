using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Carries a <see cref="CostAttribution"/> on <see cref="ChatOptions"/>, for one request.</summary>
/// <remarks>Besides a whole <see cref="CostAttribution"/> under <see cref="AttributionKey"/>, the meter reads plain
/// string values under <c>costaware.tenant</c>, <c>costaware.feature</c>, <c>costaware.user</c> and
/// <c>costaware.route</c>, which suit configuration-driven callers.</remarks>
public static class CostAttributionChatOptionsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a whole attribution.</summary>
    public const string AttributionKey = "costaware.attribution";

    /// <summary>The key of a tenant string.</summary>
    public const string TenantKey = "costaware.tenant";

    /// <summary>The key of a feature string.</summary>
    public const string FeatureKey = "costaware.feature";

    /// <summary>The key of a user string.</summary>
    public const string UserKey = "costaware.user";

    /// <summary>The key of a route string.</summary>
    public const string RouteKey = "costaware.route";

    /// <summary>The key of a flag that marks a request as a batch call, priced at batch rates.</summary>
    public const string BatchKey = "costaware.batch";

    /// <summary>Attaches an attribution to the options, replacing any attached before.</summary>
    /// <param name="options">The options.</param>
    /// <param name="attribution">The attribution.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithCostAttribution(this ChatOptions options, CostAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(attribution);
        (options.AdditionalProperties ??= [])[AttributionKey] = attribution;
        return options;
    }

    /// <summary>Reads the attribution the options carry, or <see langword="null"/> when they carry none.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The attribution.</returns>
    public static CostAttribution? GetCostAttribution(this ChatOptions? options)
    {
        var properties = options?.AdditionalProperties;
        if (properties is null || properties.Count == 0)
        {
            return null;
        }

        var attribution = properties.TryGetValue(AttributionKey, out var value) ? value as CostAttribution : null;
        string? tenant = Get(properties, TenantKey), feature = Get(properties, FeatureKey);
        string? user = Get(properties, UserKey), route = Get(properties, RouteKey);
        if (tenant is null && feature is null && user is null && route is null)
        {
            return attribution;
        }

        return (attribution ?? CostAttribution.None).Merge(new CostAttribution { Tenant = tenant, Feature = feature, User = user, Route = route });
    }

    internal static bool IsBatch(this ChatOptions? options) =>
        options?.AdditionalProperties is { } properties && properties.TryGetValue(BatchKey, out var value) && value is true;

    private static string? Get(AdditionalPropertiesDictionary properties, string key) =>
        properties.TryGetValue(key, out var value) ? value as string : null;
}
