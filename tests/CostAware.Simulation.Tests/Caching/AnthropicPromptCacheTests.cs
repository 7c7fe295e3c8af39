using Microsoft.Extensions.Time.Testing;

namespace CostAware.Simulation.Tests;

public class AnthropicPromptCacheTests
{
    private static readonly TimeSpan s_5m = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_1h = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _clock = new();

    private static int[] Tokens(int length, int salt = 0) => [.. Enumerable.Range(salt * 1_000_000, length)];

    [Fact]
    public void A_breakpoint_prefix_is_written_then_read()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(3_000);
        int[] ends = [1_500, 2_990];

        cache.Apply("claude", tokens, ends, [new(0, s_5m)], 1_024).Should().Be(new PromptCacheUsage(0, 1_500, 0));
        cache.Apply("claude", tokens, ends, [new(0, s_5m)], 1_024).Should().Be(new PromptCacheUsage(1_500, 0, 0));
    }

    [Fact]
    public void Nothing_is_cached_without_a_breakpoint()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(3_000);

        cache.Apply("claude", tokens, [1_500, 2_990], [], 1_024).Should().Be(default(PromptCacheUsage));
        cache.Apply("claude", tokens, [1_500, 2_990], [], 1_024).Should().Be(default(PromptCacheUsage));
    }

    [Fact]
    public void A_prefix_below_the_minimum_is_silently_not_cached()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(3_000);

        cache.Apply("claude", tokens, [1_023, 2_990], [new(0, s_5m)], 1_024).Should().Be(default(PromptCacheUsage));
        cache.Apply("claude", tokens, [1_023, 2_990], [new(0, s_5m)], 1_024).Should().Be(default(PromptCacheUsage));
    }

    [Fact]
    public void The_longest_cached_breakpoint_prefix_is_read_and_the_rest_written()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(5_000);
        int[] ends = [1_200, 2_500, 4_000, 4_990];
        cache.Apply("claude", tokens, ends, [new(0, s_5m)], 1_024);

        var usage = cache.Apply("claude", tokens, ends, [new(0, s_5m), new(1, s_5m), new(2, s_5m)], 1_024);

        usage.Should().Be(new PromptCacheUsage(1_200, 2_800, 0));
        cache.Apply("claude", tokens, ends, [new(0, s_5m), new(1, s_5m), new(2, s_5m)], 1_024)
            .Should().Be(new PromptCacheUsage(4_000, 0, 0));
    }

    [Fact]
    public void Writes_take_the_lifetime_of_the_breakpoint_they_end_at()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(5_000);
        int[] ends = [1_200, 2_500, 4_990];

        cache.Apply("claude", tokens, ends, [new(0, s_1h), new(1, s_5m)], 1_024)
            .Should().Be(new PromptCacheUsage(0, 1_300, 1_200));
    }

    [Fact]
    public void A_moved_breakpoint_reads_an_earlier_prefix_within_20_blocks()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(10_000);
        int[] ends = [.. Enumerable.Range(1, 30).Select(i => i * 300)];
        cache.Apply("claude", tokens, ends, [new(4, s_5m)], 1_024);

        // Block 23 looks back over blocks 23..4, which includes the cached prefix at block 4 (1,500 tokens).
        cache.Apply("claude", tokens, ends, [new(23, s_5m)], 1_024).Should().Be(new PromptCacheUsage(1_500, 5_700, 0));
    }

    [Fact]
    public void A_prefix_more_than_20_blocks_back_is_not_found()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(10_000);
        int[] ends = [.. Enumerable.Range(1, 30).Select(i => i * 300)];
        cache.Apply("claude", tokens, ends, [new(4, s_5m)], 1_024);

        cache.Apply("claude", tokens, ends, [new(24, s_5m)], 1_024).Should().Be(new PromptCacheUsage(0, 7_500, 0));
    }

    [Fact]
    public void A_five_minute_entry_expires_and_a_hit_renews_it()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(2_000);
        CacheBreakpoint[] breakpoints = [new(0, s_5m)];
        cache.Apply("claude", tokens, [1_500], breakpoints, 1_024);

        _clock.Advance(TimeSpan.FromMinutes(4));
        cache.Apply("claude", tokens, [1_500], breakpoints, 1_024).ReadTokens.Should().Be(1_500);
        _clock.Advance(TimeSpan.FromMinutes(4));
        cache.Apply("claude", tokens, [1_500], breakpoints, 1_024).ReadTokens.Should().Be(1_500);
        _clock.Advance(TimeSpan.FromMinutes(5));
        cache.Apply("claude", tokens, [1_500], breakpoints, 1_024).Should().Be(new PromptCacheUsage(0, 1_500, 0));
    }

    [Fact]
    public void A_one_hour_entry_outlives_five_minutes_but_not_an_hour()
    {
        var cache = new AnthropicPromptCache(_clock);
        int[] tokens = Tokens(2_000);
        CacheBreakpoint[] breakpoints = [new(0, s_1h)];
        cache.Apply("claude", tokens, [1_500], breakpoints, 1_024).Write1HourTokens.Should().Be(1_500);

        _clock.Advance(TimeSpan.FromMinutes(59));
        cache.Apply("claude", tokens, [1_500], breakpoints, 1_024).ReadTokens.Should().Be(1_500);
        _clock.Advance(TimeSpan.FromHours(1));
        cache.Apply("claude", tokens, [1_500], breakpoints, 1_024).Write1HourTokens.Should().Be(1_500);
    }

    [Fact]
    public void A_different_prefix_or_model_misses()
    {
        var cache = new AnthropicPromptCache(_clock);
        cache.Apply("claude", Tokens(2_000), [1_500], [new(0, s_5m)], 1_024);

        cache.Apply("claude", Tokens(2_000, salt: 1), [1_500], [new(0, s_5m)], 1_024).ReadTokens.Should().Be(0);
        cache.Apply("claude-other", Tokens(2_000), [1_500], [new(0, s_5m)], 1_024).ReadTokens.Should().Be(0);
    }
}
