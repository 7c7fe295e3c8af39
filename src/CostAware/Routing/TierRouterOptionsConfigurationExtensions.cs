using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CostAware;

/// <summary>Reads <see cref="TierRouterOptions"/> from configuration.</summary>
/// <remarks>
/// The section mirrors the options, for example in <c>appsettings.json</c>:
/// <code>
/// "Router": {
///   "Tiers": [
///     { "Name": "small", "ModelId": "gpt-4o-mini", "QualityHint": 0.6 },
///     { "Name": "frontier", "ModelId": "gpt-4o", "ServiceKey": "openai", "Capabilities": { "ContextWindow": 128000 } }
///   ],
///   "Thresholds": { "CutPoints": [ 0.62 ], "TargetShares": [ 0.7, 0.3 ] },
///   "MinimumQuality": 0.5, "DriftTolerance": 0.1, "ConversationStickiness": true, "StickinessDuration": "00:30:00"
/// }
/// </code>
/// Unknown keys and values that do not parse are errors that name the key's full path, so a typo cannot silently
/// leave a default in place. The classifier and tier clients are objects and are set in code.
/// </remarks>
public static class TierRouterOptionsConfigurationExtensions
{
    private static readonly HashSet<string> s_rootKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Tiers", "Thresholds", "MinimumQuality", "DriftTolerance", "StatisticsWindow", "MinimumRequestsForDrift",
        "ConversationStickiness", "StickinessDuration", "MaximumConversations", "AttachDecisionToResponse",
    };

    private static readonly HashSet<string> s_tierKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Name", "ModelId", "ServiceKey", "QualityHint", "Capabilities",
    };

    private static readonly HashSet<string> s_capabilityKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "ContextWindow", "MaxOutputTokens", "Tools", "Vision", "StructuredOutput",
    };

    /// <summary>Applies the values in a configuration section to the options. Tiers in the section replace the tiers
    /// configured before.</summary>
    /// <param name="options">The options.</param>
    /// <param name="section">The section, for example <c>configuration.GetSection("CostAware:Router")</c>.</param>
    /// <returns>The same options, for chaining.</returns>
    /// <exception cref="InvalidOperationException">A key is unknown or a value is invalid; the message names the key's
    /// path and the value.</exception>
    public static TierRouterOptions Configure(this TierRouterOptions options, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        CheckKeys(section, s_rootKeys);

        var tiers = section.GetSection("Tiers");
        if (tiers.GetChildren().Any())
        {
            options.Tiers.Clear();
            foreach (var child in tiers.GetChildren())
            {
                options.Tiers.Add(ReadTier(child));
            }
        }

        var thresholds = section.GetSection("Thresholds");
        if (thresholds.GetChildren().Any())
        {
            CheckKeys(thresholds, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "CutPoints", "TargetShares" });
            var cuts = ReadNumbers(thresholds.GetSection("CutPoints"));
            var shares = thresholds.GetSection("TargetShares").GetChildren().Any() ? ReadNumbers(thresholds.GetSection("TargetShares")) : null;
            try
            {
                options.Thresholds = new RoutingThresholds(cuts, shares);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Configuration '{thresholds.Path}': {e.Message}", e);
            }
        }

        Read(section, "MinimumQuality", ParseDouble, v => options.MinimumQuality = v);
        Read(section, "DriftTolerance", ParseDouble, v => options.DriftTolerance = v);
        Read(section, "StatisticsWindow", ParseInt, v => options.StatisticsWindow = v);
        Read(section, "MinimumRequestsForDrift", ParseInt, v => options.MinimumRequestsForDrift = v);
        Read(section, "ConversationStickiness", ParseBool, v => options.ConversationStickiness = v);
        Read(section, "StickinessDuration", ParseTimeSpan, v => options.StickinessDuration = v);
        Read(section, "MaximumConversations", ParseInt, v => options.MaximumConversations = v);
        Read(section, "AttachDecisionToResponse", ParseBool, v => options.AttachDecisionToResponse = v);
        return options;
    }

    private static ModelTier ReadTier(IConfigurationSection section)
    {
        CheckKeys(section, s_tierKeys);
        var tier = new ModelTier
        {
            // In an object keyed by name ("Tiers": { "small": { ... } }), the key is the name.
            Name = section["Name"] ?? (int.TryParse(section.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? string.Empty : section.Key),
            ModelId = section["ModelId"] ?? string.Empty,
            ServiceKey = section["ServiceKey"],
        };
        if (string.IsNullOrWhiteSpace(tier.Name))
        {
            throw new InvalidOperationException($"Configuration '{section.Path}': a tier needs a Name.");
        }

        if (string.IsNullOrWhiteSpace(tier.ModelId))
        {
            throw new InvalidOperationException($"Configuration '{section.Path}': tier '{tier.Name}' needs a ModelId.");
        }

        Read(section, "QualityHint", ParseDouble, v => tier.QualityHint = v);
        var capabilities = section.GetSection("Capabilities");
        CheckKeys(capabilities, s_capabilityKeys);
        Read(capabilities, "ContextWindow", ParseInt, v => tier.Capabilities.ContextWindow = v);
        Read(capabilities, "MaxOutputTokens", ParseInt, v => tier.Capabilities.MaxOutputTokens = v);
        Read(capabilities, "Tools", ParseBool, v => tier.Capabilities.Tools = v);
        Read(capabilities, "Vision", ParseBool, v => tier.Capabilities.Vision = v);
        Read(capabilities, "StructuredOutput", ParseBool, v => tier.Capabilities.StructuredOutput = v);
        return tier;
    }

    private static double[] ReadNumbers(IConfigurationSection section) =>
        [.. section.GetChildren().Select(child => child.Value is { } text && ParseDouble(text) is double d
            ? d
            : throw new InvalidOperationException($"Configuration '{child.Path}': '{child.Value}' is not a number."))];

    private static void Read<T>(IConfiguration section, string key, Func<string, T?> parse, Action<T> apply)
        where T : struct
    {
        var child = section.GetSection(key);
        if (child.Value is not { } text)
        {
            return;
        }

        apply(parse(text) ?? throw new InvalidOperationException($"Configuration '{child.Path}': '{text}' is not a valid {Describe<T>()}."));
    }

    private static void CheckKeys(IConfiguration section, HashSet<string> known)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key))
            {
                throw new InvalidOperationException($"Configuration '{child.Path}': unknown key '{child.Key}'. Known keys: {string.Join(", ", known)}.");
            }
        }
    }

    private static string Describe<T>() =>
        typeof(T) == typeof(double) ? "number" : typeof(T) == typeof(int) ? "whole number" : typeof(T) == typeof(bool) ? "true/false value" : "time span (hh:mm:ss)";

    private static double? ParseDouble(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value : null;

    private static int? ParseInt(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;

    private static bool? ParseBool(string text) => bool.TryParse(text, out bool value) ? value : null;

    private static TimeSpan? ParseTimeSpan(string text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;
}
