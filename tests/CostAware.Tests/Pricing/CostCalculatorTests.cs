namespace CostAware.Tests.Pricing;

public class CostCalculatorTests
{
    private static ModelPrice Price(string id) =>
        PriceCatalog.BuiltIn.TryResolve(id, out var resolution) ? resolution.Price : throw new InvalidOperationException(id);

    [Fact]
    public void Gpt4o_prices_cached_input_at_the_cache_read_rate()
    {
        var usage = new TokenUsage { InputTokens = 2_006, CachedInputTokens = 1_920, OutputTokens = 300 };

        var cost = CostCalculator.Calculate(Price("gpt-4o"), usage);

        cost.Total.Should().Be(0.005615m);
        cost.Input.Should().Be(0.000215m);
        cost.CachedInput.Should().Be(0.0024m);
        cost.Output.Should().Be(0.003m);
        cost.IsIncomplete.Should().BeFalse();
    }

    [Fact]
    public void Claude_opus_4_1_bills_cache_writes_once_and_not_also_as_input()
    {
        var usage = new TokenUsage { InputTokens = 21 + 188_086, CacheWriteTokens = 188_086, CachedInputTokens = 0, OutputTokens = 393 };

        var cost = CostCalculator.Calculate(Price("claude-opus-4-1"), usage);

        cost.Total.Should().Be(3.5564025m);
        cost.Input.Should().Be(0.000315m);
        cost.CacheWrite.Should().Be(3.5266125m);
        cost.Output.Should().Be(0.029475m);
    }

    [Fact]
    public void Claude_3_7_sonnet_cache_write_example_costs_exactly()
    {
        var usage = new TokenUsage { InputTokens = 3 + 12_304, CacheWriteTokens = 12_304, CachedInputTokens = 0, OutputTokens = 550 };

        CostCalculator.Calculate(Price("claude-3-7-sonnet"), usage).Total.Should().Be(0.054399m);
    }

    [Fact]
    public void One_hour_cache_writes_take_the_one_hour_price()
    {
        var usage = new TokenUsage { InputTokens = 2_000, CacheWrite1HourTokens = 2_000, CachedInputTokens = 0, OutputTokens = 0 };

        // claude-sonnet-4-5: 1-hour writes at $6 per million.
        CostCalculator.Calculate(Price("claude-sonnet-4-5"), usage).CacheWrite.Should().Be(0.012m);
    }

    [Fact]
    public void Reasoning_tokens_are_inside_output_and_never_added_again()
    {
        var usage = new TokenUsage { InputTokens = 1_000, CachedInputTokens = 0, OutputTokens = 500, ReasoningTokens = 400 };

        // o4-mini has no separate reasoning price: 500 output tokens at $4.40, not 900.
        var cost = CostCalculator.Calculate(Price("o4-mini"), usage);

        cost.Output.Should().Be(0.0022m);
        cost.Reasoning.Should().Be(0m);
        cost.Total.Should().Be(0.0011m + 0.0022m);
    }

    [Fact]
    public void Reasoning_tokens_take_their_own_price_where_the_model_has_one()
    {
        var price = new ModelPrice { ModelId = "thinker", InputPerMillion = 1m, OutputPerMillion = 2m, ReasoningOutputPerMillion = 10m };
        var usage = new TokenUsage { InputTokens = 0, OutputTokens = 1_000, ReasoningTokens = 600 };

        var cost = CostCalculator.Calculate(price, usage);

        cost.Output.Should().Be(0.0008m);
        cost.Reasoning.Should().Be(0.006m);
    }

    [Fact]
    public void A_prompt_above_the_long_context_threshold_takes_the_tier_prices_for_input_cache_reads_and_output()
    {
        var usage = new TokenUsage { InputTokens = 250_000, CachedInputTokens = 50_000, CacheWriteTokens = 0, OutputTokens = 1_000 };

        // claude-sonnet-4-5 above 200k: $6 in, $0.60 cache read, $22.50 out.
        var cost = CostCalculator.Calculate(Price("claude-sonnet-4-5"), usage);

        cost.LongContextThreshold.Should().Be(200_000);
        cost.Input.Should().Be(1.2m);
        cost.CachedInput.Should().Be(0.03m);
        cost.Output.Should().Be(0.0225m);
    }

    [Fact]
    public void A_prompt_at_the_threshold_keeps_the_standard_prices()
    {
        var usage = new TokenUsage { InputTokens = 200_000, CachedInputTokens = 0, OutputTokens = 0 };

        var cost = CostCalculator.Calculate(Price("claude-sonnet-4-5"), usage);

        cost.LongContextThreshold.Should().BeNull();
        cost.Input.Should().Be(0.6m);
    }

    [Fact]
    public void Batch_calls_take_the_stated_batch_price()
    {
        var usage = new TokenUsage { InputTokens = 1_000_000, CachedInputTokens = 0, OutputTokens = 1_000_000 };

        var cost = CostCalculator.Calculate(Price("gpt-4o"), usage, isBatch: true);

        cost.Total.Should().Be(1.25m + 5m);
        cost.IsBatch.Should().BeTrue();
        cost.IsBatchPriceInferred.Should().BeFalse();
    }

    [Fact]
    public void Batch_calls_without_a_stated_batch_price_cost_half_and_say_the_price_was_inferred()
    {
        var usage = new TokenUsage { InputTokens = 1_000_000, CachedInputTokens = 0, OutputTokens = 1_000_000 };

        var cost = CostCalculator.Calculate(Price("claude-opus-4-1"), usage, isBatch: true);

        cost.Total.Should().Be(7.5m + 37.5m);
        cost.IsBatchPriceInferred.Should().BeTrue();
    }

    [Fact]
    public void Unknown_cached_count_prices_every_input_token_in_full_and_marks_the_cost_incomplete()
    {
        var usage = new TokenUsage { InputTokens = 2_006, OutputTokens = 300 };

        var cost = CostCalculator.Calculate(Price("gpt-4o"), usage);

        cost.Input.Should().Be(0.005015m);
        cost.IsIncomplete.Should().BeTrue();
    }

    [Fact]
    public void Cache_counts_beyond_the_prompt_are_not_billed_and_the_cost_is_marked_incomplete()
    {
        var usage = new TokenUsage { InputTokens = 1_000, CachedInputTokens = 2_000, OutputTokens = 0 };

        var cost = CostCalculator.Calculate(Price("gpt-4o"), usage);

        cost.CachedInput.Should().Be(0.00125m);
        cost.Input.Should().Be(0m);
        cost.IsIncomplete.Should().BeTrue();
    }

    [Fact]
    public void Decimal_sums_over_a_million_calls_do_not_drift()
    {
        var cost = CostCalculator.Calculate(Price("gpt-4o-mini"), new TokenUsage { InputTokens = 7, CachedInputTokens = 0, OutputTokens = 3 });
        var total = CostBreakdown.Zero;
        for (int i = 0; i < 1_000_000; i++)
        {
            total = total.Add(cost);
        }

        total.Total.Should().Be(2.85m);
    }
}
