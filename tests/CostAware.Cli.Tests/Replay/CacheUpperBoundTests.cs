using CostAware.Cli.Replay;

namespace CostAware.Cli.Tests.Replay;

public class CacheUpperBoundTests
{
    private const string Model = "m";

    [Fact]
    public void The_first_request_of_a_prefix_is_cold()
    {
        var bound = new CacheUpperBound();

        int first = bound.Add(Model, Tokens(3000), [3000], PromptCacheRules.OpenAI, 1024);

        first.Should().Be(0);
        bound.TotalTokens.Should().Be(0);
    }

    [Theory]
    [InlineData(1023, 0)]
    [InlineData(1024, 1024)]
    [InlineData(1151, 1024)]
    [InlineData(1152, 1152)]
    [InlineData(1300, 1280)]
    public void OpenAI_rules_cache_1024_tokens_then_steps_of_128(int shared, int expected)
    {
        var bound = new CacheUpperBound();
        bound.Add(Model, Tokens(3000), [3000], PromptCacheRules.OpenAI, 1024);

        int second = bound.Add(Model, Diverging(3000, shared), [3000], PromptCacheRules.OpenAI, 1024);

        second.Should().Be(expected);
        bound.TotalTokens.Should().Be(expected);
    }

    [Fact]
    public void A_request_reads_the_longest_prefix_it_shares_with_any_earlier_request_of_its_model()
    {
        var bound = new CacheUpperBound();
        bound.Add(Model, Tokens(3000), [3000], PromptCacheRules.OpenAI, null);
        bound.Add(Model, Diverging(3000, 1100), [3000], PromptCacheRules.OpenAI, null);
        bound.Add("other", Tokens(3000), [3000], PromptCacheRules.OpenAI, null);

        // Shares 2,000 tokens with the first request and 1,100 with the second; the other model's cache is apart.
        int third = bound.Add(Model, Diverging(3000, 2000), [3000], PromptCacheRules.OpenAI, null);

        third.Should().Be(1920);
        bound.TotalTokens.Should().Be(1024 + 1920);
    }

    [Fact]
    public void An_identical_request_reads_its_whole_length_rounded_down_to_a_step()
    {
        var bound = new CacheUpperBound();
        bound.Add(Model, Tokens(2000), [2000], PromptCacheRules.OpenAI, null);

        bound.Add(Model, Tokens(2000), [2000], PromptCacheRules.OpenAI, null).Should().Be(1920);
        bound.Add(Model, Tokens(2000), [2000], PromptCacheRules.OpenAI, null).Should().Be(1920);
        bound.TotalTokens.Should().Be(3840);
    }

    [Fact]
    public void Anthropic_rules_cut_the_shared_prefix_back_to_the_last_block_boundary_inside_it()
    {
        int[] blockEnds = [500, 1100, 1500, 2000, 3000];
        var bound = new CacheUpperBound();
        bound.Add(Model, Tokens(3000), blockEnds, PromptCacheRules.Anthropic, 1024);

        int second = bound.Add(Model, Diverging(3000, 1600), blockEnds, PromptCacheRules.Anthropic, 1024);
        int third = bound.Add(Model, Diverging(3000, 1500), blockEnds, PromptCacheRules.Anthropic, 1024);

        second.Should().Be(1500);
        third.Should().Be(1500, "a prefix that ends exactly on a boundary is cached whole");
        bound.TotalTokens.Should().Be(3000);
    }

    [Fact]
    public void Anthropic_rules_read_nothing_when_the_last_boundary_inside_the_prefix_is_below_the_minimum()
    {
        int[] blockEnds = [500, 1100, 1500, 2000, 3000];
        var bound = new CacheUpperBound();
        bound.Add(Model, Tokens(3000), blockEnds, PromptCacheRules.Anthropic, 1024);

        // 1,050 shared tokens reach the minimum, but the last boundary inside them is at 500.
        bound.Add(Model, Diverging(3000, 1050), blockEnds, PromptCacheRules.Anthropic, 1024).Should().Be(0);

        // With a minimum of 2,048 (Haiku 3), a boundary at 2,000 is too short.
        bound.Add(Model, Diverging(3000, 2500), blockEnds, PromptCacheRules.Anthropic, 2048).Should().Be(0);
        bound.Add(Model, Diverging(3000, 2600), blockEnds, PromptCacheRules.Anthropic, 1024).Should().Be(2000);
        bound.TotalTokens.Should().Be(2000);
    }

    /// <summary>The ids 0, 1, 2, ...</summary>
    private static int[] Tokens(int length) => [.. Enumerable.Range(0, length)];

    /// <summary>A sequence that equals <see cref="Tokens"/> for <paramref name="shared"/> ids and then differs from
    /// it (and from every other sequence built here with a different <paramref name="shared"/>).</summary>
    private static int[] Diverging(int length, int shared) =>
        [.. Enumerable.Range(0, length).Select(i => i < shared ? i : -1 - shared)];
}
