namespace CostAware.Tests.Pricing;

public class PriceCatalogTests
{
    [Theory]
    [InlineData("gpt-4o", "gpt-4o", PriceMatch.Exact)]
    [InlineData("GPT-4o", "gpt-4o", PriceMatch.Exact)]
    [InlineData("openai/gpt-4o", "gpt-4o", PriceMatch.ProviderPrefixRemoved)]
    [InlineData("azure/eu/gpt-4o-mini", "gpt-4o-mini", PriceMatch.ProviderPrefixRemoved)]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o", PriceMatch.DatedSnapshot)]
    [InlineData("claude-opus-4-1-20250805", "claude-opus-4-1", PriceMatch.DatedSnapshot)]
    [InlineData("anthropic/claude-3-7-sonnet-20250219", "claude-3-7-sonnet", PriceMatch.DatedSnapshot)]
    [InlineData("gpt-4o-2024-05-13", "gpt-4o-2024-05-13", PriceMatch.Exact)]
    public void Names_resolve_by_the_documented_rules(string requested, string pricedAs, PriceMatch match)
    {
        PriceCatalog.BuiltIn.TryResolve(requested, out var resolution).Should().BeTrue();

        resolution!.Price.ModelId.Should().Be(pricedAs);
        resolution.Match.Should().Be(match);
        resolution.RequestedModelId.Should().Be(requested);
    }

    [Fact]
    public void A_dated_snapshot_that_was_sold_at_another_price_is_not_resolved_to_the_current_model()
    {
        // gpt-4o-2024-05-13 is listed at $5 / $15, not gpt-4o's $2.50 / $10.
        PriceCatalog.BuiltIn.TryResolve("gpt-4o-2024-05-13", out var resolution).Should().BeTrue();
        resolution!.Price.InputPerMillion.Should().Be(5m);
    }

    [Fact]
    public void Snapshots_resolve_only_where_the_entry_says_they_share_its_price()
    {
        var catalog = new PriceCatalog([new ModelPrice { ModelId = "house-model", InputPerMillion = 1m, OutputPerMillion = 2m }]);

        catalog.TryResolve("house-model-2026-01-01", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("my-fine-tune")]
    [InlineData("openai/")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_models_are_unpriced(string? name)
    {
        PriceCatalog.BuiltIn.TryResolve(name, out var resolution).Should().BeFalse();
        resolution.Should().BeNull();
    }

    [Fact]
    public void Built_in_prices_cover_the_current_models_of_each_provider_with_the_day_they_were_checked()
    {
        string[] expected =
        [
            "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano",
            "claude-opus-4-1", "claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-3-7-sonnet", "claude-3-5-haiku",
            "gemini-2.0-flash", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-pro-preview",
        ];

        foreach (string id in expected)
        {
            PriceCatalog.BuiltIn.TryResolve(id, out var resolution).Should().BeTrue(id);
            resolution!.Price.CheckedOn.Should().Be(new DateOnly(2026, 7, 24), id);
        }

        PriceCatalog.BuiltIn.Prices.Select(p => p.Provider).Distinct().Should().BeEquivalentTo(["openai", "anthropic", "google"]);
    }

    [Fact]
    public void A_provider_discount_scales_every_price_of_that_provider_and_a_model_discount_wins_over_it()
    {
        var catalog = PriceCatalog.BuiltIn.WithAdjustments(
            PriceAdjustment.ProviderDiscount("openai", 20m),
            PriceAdjustment.ModelDiscount("gpt-4o-mini", 50m));

        catalog.TryResolve("gpt-4o", out var gpt4o).Should().BeTrue();
        gpt4o!.Price.InputPerMillion.Should().Be(2m);
        gpt4o.Price.CachedInputPerMillion.Should().Be(1m);
        gpt4o.Price.OutputPerMillion.Should().Be(8m);

        catalog.TryResolve("gpt-4o-mini", out var mini).Should().BeTrue();
        mini!.Price.InputPerMillion.Should().Be(0.075m);

        catalog.TryResolve("claude-opus-4-1", out var opus).Should().BeTrue();
        opus!.Price.InputPerMillion.Should().Be(15m);

        PriceCatalog.BuiltIn.TryResolve("gpt-4o", out var unchanged).Should().BeTrue();
        unchanged!.Price.InputPerMillion.Should().Be(2.5m);
    }

    [Fact]
    public void Layered_prices_replace_listed_ones_and_add_new_models()
    {
        var catalog = PriceCatalog.BuiltIn.WithPrices(
        [
            new ModelPrice { ModelId = "gpt-4o", InputPerMillion = 2m, OutputPerMillion = 9m },
            new ModelPrice { ModelId = "house-model", InputPerMillion = 0.1m, OutputPerMillion = 0.2m },
        ]);

        catalog.TryResolve("gpt-4o", out var gpt4o).Should().BeTrue();
        gpt4o!.Price.OutputPerMillion.Should().Be(9m);
        catalog.TryResolve("house-model", out _).Should().BeTrue();
        catalog.Count.Should().Be(PriceCatalog.BuiltIn.Count + 1);
    }

    [Fact]
    public void Validation_names_the_model_and_field_of_every_error()
    {
        ModelPrice[] prices =
        [
            new() { ModelId = "negative", InputPerMillion = -1m, OutputPerMillion = 1m },
            new() { ModelId = "cache-above-input", InputPerMillion = 1m, CachedInputPerMillion = 2m, OutputPerMillion = 1m },
            new() { ModelId = "batch-above-standard", InputPerMillion = 1m, OutputPerMillion = 1m, BatchOutputPerMillion = 3m },
            new() { ModelId = "tier-without-prices", InputPerMillion = 1m, OutputPerMillion = 1m, LongContextTiers = [new() { ThresholdTokens = 200_000 }] },
        ];

        var act = () => new PriceCatalog(prices);

        var errors = act.Should().Throw<PriceCatalogException>().Which.Errors;
        errors.Select(e => (e.ModelId, e.Field)).Should().Equal(
            ("negative", "input"),
            ("cache-above-input", "cached_input"),
            ("batch-above-standard", "batch_output"),
            ("tier-without-prices", "long_context[above 200000]"));
        errors[0].ToString().Should().Be("model 'negative', field 'input': a price cannot be negative (found -1)");
    }

    [Fact]
    public void Batch_price_is_the_stated_one_else_half_of_standard_marked_as_inferred()
    {
        PriceCatalog.BuiltIn.TryResolve("gpt-4.1", out var stated).Should().BeTrue();
        stated!.Price.EffectiveBatchInputPerMillion.Should().Be(1m);
        stated.Price.IsBatchPriceInferred.Should().BeFalse();

        PriceCatalog.BuiltIn.TryResolve("claude-sonnet-4-5", out var inferred).Should().BeTrue();
        inferred!.Price.EffectiveBatchInputPerMillion.Should().Be(1.5m);
        inferred.Price.EffectiveBatchOutputPerMillion.Should().Be(7.5m);
        inferred.Price.IsBatchPriceInferred.Should().BeTrue();
    }
}
