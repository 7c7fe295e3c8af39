using System.Text;
using CostAware.Tests.TestSupport;

namespace CostAware.Tests.Pricing;

public class PriceCatalogLoaderTests
{
    private const string LiteLlmSample = """
        {
          "sample_spec": { "input_cost_per_token": 0, "mode": "chat" },
          "last_updated": "2026-07-24",
          "gpt-4o": {
            "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
            "input_cost_per_token_batches": 1.25e-06, "output_cost_per_token_batches": 5e-06,
            "litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384
          },
          "claude-sonnet-4-5": {
            "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "cache_read_input_token_cost": 3e-07,
            "cache_creation_input_token_cost": 3.75e-06, "cache_creation_input_token_cost_above_1hr": 6e-06,
            "input_cost_per_token_above_200k_tokens": 6e-06, "output_cost_per_token_above_200k_tokens": 2.25e-05,
            "cache_read_input_token_cost_above_200k_tokens": 6e-07, "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06,
            "input_cost_per_token_above_200k_tokens_priority": 9e-06,
            "litellm_provider": "anthropic", "mode": "chat", "prompt_cache_min_tokens": 1024
          },
          "text-embedding-3-small": { "input_cost_per_token": 2e-08, "output_cost_per_token": 0, "mode": "embedding" },
          "fireworks-ai-default": { "input_cost_per_token": 0 },
          "bedrock/commitment/claude": { "mode": "chat", "litellm_provider": "bedrock" }
        }
        """;

    private static Stream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void LiteLlm_entries_load_with_prices_per_million_and_long_context_tiers()
    {
        var result = PriceCatalogLoader.Load(Utf8(LiteLlmSample));

        result.EntriesRead.Should().Be(7);
        result.SkippedNotModels.Should().Be(2);
        result.SkippedNotChat.Should().Be(2);
        result.SkippedWithoutTokenPrices.Should().Be(1);
        result.Prices.Select(p => p.ModelId).Should().Equal("gpt-4o", "claude-sonnet-4-5");

        var gpt4o = result.Prices[0];
        gpt4o.InputPerMillion.Should().Be(2.5m);
        gpt4o.CachedInputPerMillion.Should().Be(1.25m);
        gpt4o.BatchOutputPerMillion.Should().Be(5m);
        gpt4o.Provider.Should().Be("openai");
        gpt4o.MaxOutputTokens.Should().Be(16_384);

        var sonnet = result.Prices[1];
        sonnet.CacheWrite1HourPerMillion.Should().Be(6m);
        sonnet.MinimumCacheableTokens.Should().Be(1024);
        sonnet.LongContextTiers.Should().ContainSingle().Which.Should().Be(new LongContextPrice
        {
            ThresholdTokens = 200_000,
            InputPerMillion = 6m,
            OutputPerMillion = 22.5m,
            CachedInputPerMillion = 0.6m,
            CacheWritePerMillion = 7.5m,
        });
    }

    [Fact]
    public void Own_format_loads_prices_tiers_and_adjustments()
    {
        const string json = """
            {
              "checked_on": "2026-11-30",
              "models": [
                { "model": "house-model", "provider": "house", "input": 0.5, "cached_input": 0.05, "output": 2,
                  "long_context": [ { "above_tokens": 100000, "input": 1, "output": 4 } ], "snapshots_share_price": true }
              ],
              "adjustments": [ { "provider": "house", "multiplier": 0.9 } ]
            }
            """;

        var catalog = PriceCatalogLoader.Load(Utf8(json)).ToCatalog();

        catalog.TryResolve("house-model-20261130", out var resolution).Should().BeTrue();
        resolution!.Price.InputPerMillion.Should().Be(0.45m);
        resolution.Price.LongContextTiers[0].OutputPerMillion.Should().Be(3.6m);
        resolution.Price.CheckedOn.Should().Be(new DateOnly(2026, 11, 30));
    }

    [Fact]
    public void Own_format_errors_name_the_model_and_field()
    {
        const string json = """
            { "models": [
                { "model": "a", "input": 1, "ouptut": 2 },
                { "model": "b", "input": "cheap", "output": 1 },
                { "model": "c", "input": 1, "output": 1, "long_context": [ { "above_tokens": 1000 } ] }
            ] }
            """;

        var act = () => PriceCatalogLoader.Load(Utf8(json));

        act.Should().Throw<PriceCatalogException>().Which.Errors.Select(e => e.ToString()).Should().Equal(
            "model 'a', field 'ouptut': unknown field; check its spelling against the documented format",
            "model 'a', field 'output': the output price is required",
            "model 'b', field 'input': expected a number, found String: \"cheap\"",
            "model 'b', field 'input': the input price is required",
            "model 'c', field 'long_context[above 1000]': a long-context threshold is given without any tier price");
    }

    [Fact]
    public void Invalid_entries_can_be_skipped_and_reported_instead_of_thrown()
    {
        const string json = """
            { "ok": { "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06 },
              "bad": { "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "cache_read_input_token_cost": 5e-06 } }
            """;

        var result = PriceCatalogLoader.LoadLiteLlm(Utf8(json), InvalidPriceEntryHandling.Skip);

        result.Prices.Select(p => p.ModelId).Should().Equal("ok");
        result.Rejected.Should().ContainSingle().Which.Should().Be(
            new PriceCatalogError("bad", "cached_input", "a cache read (5.000000/M) costs more than uncached input (1.000000/M)"));
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_position()
    {
        var act = () => PriceCatalogLoader.Load(Utf8("{ \"models\": [ { \"model\": \"a\" "), sourceName: "prices.json");

        act.Should().Throw<PriceCatalogException>().WithMessage("*prices.json is not valid JSON (line 1*");
    }

    [SharedDataFact("prices/litellm_model_prices_2026-07-24.json")]
    public void The_real_LiteLLM_price_file_loads_whole()
    {
        var result = PriceCatalogLoader.LoadFile(SharedData.Find("prices/litellm_model_prices_2026-07-24.json")!);

        // 2,985 keys: 2,982 entries plus sample_spec, fallback_generalizations and last_updated, which are not models.
        result.EntriesRead.Should().Be(2_985);
        result.SkippedNotModels.Should().Be(3);
        result.Rejected.Should().BeEmpty();
        result.Prices.Count.Should().Be(2_226);
        result.SkippedNotChat.Should().Be(612);
        result.SkippedWithoutTokenPrices.Should().Be(144);

        var catalog = result.ToCatalog();
        catalog.TryResolve("gpt-4o", out var gpt4o).Should().BeTrue();
        gpt4o!.Price.CachedInputPerMillion.Should().Be(1.25m);
        catalog.TryResolve("openai/gpt-4o-mini", out _).Should().BeTrue();
    }
}
