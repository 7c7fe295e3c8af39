using Microsoft.Extensions.Configuration;

namespace CostAware.Tests.Routing;

public class TierRouterConfigurationTests
{
    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("CostAware:Router");

    [Fact]
    public void Every_option_is_read_from_configuration()
    {
        var section = Section(new()
        {
            ["CostAware:Router:Tiers:0:Name"] = "small",
            ["CostAware:Router:Tiers:0:ModelId"] = "gpt-4o-mini",
            ["CostAware:Router:Tiers:0:QualityHint"] = "0.6",
            ["CostAware:Router:Tiers:0:Capabilities:Tools"] = "false",
            ["CostAware:Router:Tiers:0:Capabilities:ContextWindow"] = "64000",
            ["CostAware:Router:Tiers:1:Name"] = "frontier",
            ["CostAware:Router:Tiers:1:ModelId"] = "gpt-4o",
            ["CostAware:Router:Tiers:1:ServiceKey"] = "openai",
            ["CostAware:Router:Tiers:1:Capabilities:MaxOutputTokens"] = "8000",
            ["CostAware:Router:Tiers:1:Capabilities:Vision"] = "false",
            ["CostAware:Router:Tiers:1:Capabilities:StructuredOutput"] = "false",
            ["CostAware:Router:Thresholds:CutPoints:0"] = "0.62",
            ["CostAware:Router:Thresholds:TargetShares:0"] = "0.7",
            ["CostAware:Router:Thresholds:TargetShares:1"] = "0.3",
            ["CostAware:Router:MinimumQuality"] = "0.5",
            ["CostAware:Router:DriftTolerance"] = "0.05",
            ["CostAware:Router:StatisticsWindow"] = "500",
            ["CostAware:Router:MinimumRequestsForDrift"] = "100",
            ["CostAware:Router:ConversationStickiness"] = "true",
            ["CostAware:Router:StickinessDuration"] = "00:30:00",
            ["CostAware:Router:MaximumConversations"] = "2000",
            ["CostAware:Router:AttachDecisionToResponse"] = "false",
        });

        var options = new TierRouterOptions().Configure(section);

        options.Tiers.Select(t => (t.Name, t.ModelId, t.ServiceKey, t.QualityHint)).Should().Equal(
            ("small", "gpt-4o-mini", (string?)null, (double?)0.6), ("frontier", "gpt-4o", "openai", null));
        var small = options.Tiers[0].Capabilities;
        (small.Tools, small.ContextWindow, small.Vision).Should().Be((false, 64_000, true));
        var frontier = options.Tiers[1].Capabilities;
        (frontier.MaxOutputTokens, frontier.Vision, frontier.StructuredOutput, frontier.Tools).Should().Be((8_000, false, false, true));
        options.Thresholds!.CutPoints.Should().Equal(0.62);
        options.Thresholds.TargetShares.Should().Equal(0.7, 0.3);
        (options.MinimumQuality, options.DriftTolerance, options.StatisticsWindow, options.MinimumRequestsForDrift).Should().Be((0.5, 0.05, 500, 100));
        (options.ConversationStickiness, options.StickinessDuration, options.MaximumConversations, options.AttachDecisionToResponse)
            .Should().Be((true, TimeSpan.FromMinutes(30), 2_000, false));
    }

    [Fact]
    public void Tiers_can_be_keyed_by_name()
    {
        var section = Section(new()
        {
            ["CostAware:Router:Tiers:small:ModelId"] = "gpt-4o-mini",
            ["CostAware:Router:Tiers:frontier:ModelId"] = "gpt-4o",
        });

        var options = new TierRouterOptions().Configure(section);

        options.Tiers.Select(t => t.Name).Should().BeEquivalentTo("small", "frontier");
    }

    [Theory]
    [InlineData("CostAware:Router:DriftTolerence", "0.1", "Configuration 'CostAware:Router:DriftTolerence': unknown key 'DriftTolerence'.*")]
    [InlineData("CostAware:Router:DriftTolerance", "ten", "Configuration 'CostAware:Router:DriftTolerance': 'ten' is not a valid number.")]
    [InlineData("CostAware:Router:Tiers:0:QualityHint", "high", "Configuration 'CostAware:Router:Tiers:0:QualityHint': 'high' is not a valid number.")]
    [InlineData("CostAware:Router:Tiers:0:Capabilities:Tool", "true", "Configuration 'CostAware:Router:Tiers:0:Capabilities:Tool': unknown key 'Tool'.*")]
    [InlineData("CostAware:Router:Tiers:0:Capabilities:Tools", "yes", "Configuration 'CostAware:Router:Tiers:0:Capabilities:Tools': 'yes' is not a valid true/false value.")]
    [InlineData("CostAware:Router:StickinessDuration", "half an hour", "Configuration 'CostAware:Router:StickinessDuration': 'half an hour' is not a valid time span (hh:mm:ss).")]
    [InlineData("CostAware:Router:Thresholds:CutPoints:0", "x", "Configuration 'CostAware:Router:Thresholds:CutPoints:0': 'x' is not a number.")]
    public void A_bad_key_or_value_is_named_by_its_path(string key, string value, string message)
    {
        var values = new Dictionary<string, string?>
        {
            ["CostAware:Router:Tiers:0:Name"] = "small",
            ["CostAware:Router:Tiers:0:ModelId"] = "gpt-4o-mini",
            [key] = value,
        };

        var act = () => new TierRouterOptions().Configure(Section(values));

        act.Should().Throw<InvalidOperationException>().WithMessage(message);
    }

    [Fact]
    public void A_tier_without_a_model_is_named()
    {
        var act = () => new TierRouterOptions().Configure(Section(new() { ["CostAware:Router:Tiers:0:Name"] = "small" }));

        act.Should().Throw<InvalidOperationException>().WithMessage("Configuration 'CostAware:Router:Tiers:0': tier 'small' needs a ModelId.");
    }
}
