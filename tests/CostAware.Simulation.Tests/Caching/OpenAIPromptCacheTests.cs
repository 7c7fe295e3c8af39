using Microsoft.Extensions.Time.Testing;

namespace CostAware.Simulation.Tests;

public class OpenAIPromptCacheTests
{
    private readonly FakeTimeProvider _clock = new();

    private static int[] Sequence(int length, int shared, int[] source) =>
        [.. Enumerable.Range(0, length).Select(i => i < shared ? source[i] : 500_000 + i)];

    [Theory]
    [InlineData(900, 0)]
    [InlineData(1_023, 0)]
    [InlineData(1_024, 1_024)]
    [InlineData(1_151, 1_024)]
    [InlineData(1_152, 1_152)]
    [InlineData(2_006, 1_920)]
    public void Cached_count_is_a_multiple_of_128_above_1024_within_the_matched_prefix(int matchedPrefix, int expected)
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromMinutes(5));
        int[] first = [.. Enumerable.Range(0, 3_000)];
        cache.Store("gpt-4o", first);

        cache.Lookup("gpt-4o", Sequence(3_000, matchedPrefix, first)).Should().Be(expected);
    }

    [Fact]
    public void A_prompt_identical_to_a_cached_one_reads_its_last_whole_block()
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromMinutes(5));
        int[] prompt = [.. Enumerable.Range(0, 1_500)];

        cache.LookupAndStore("gpt-4o", prompt).Should().Be(0);
        cache.LookupAndStore("gpt-4o", prompt).Should().Be(1_408);
    }

    [Fact]
    public void Prompts_below_1024_tokens_are_never_cached()
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromMinutes(5));
        int[] prompt = [.. Enumerable.Range(0, 1_023)];

        cache.LookupAndStore("gpt-4o", prompt).Should().Be(0);
        cache.LookupAndStore("gpt-4o", prompt).Should().Be(0);
        cache.Count.Should().Be(0);
    }

    [Fact]
    public void Entries_expire_after_the_idle_timeout()
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromMinutes(5));
        int[] prompt = [.. Enumerable.Range(0, 2_000)];
        cache.Store("gpt-4o", prompt);

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        cache.Lookup("gpt-4o", prompt).Should().Be(1_920);

        _clock.Advance(TimeSpan.FromMinutes(5));
        cache.Lookup("gpt-4o", prompt).Should().Be(0);
    }

    [Fact]
    public void A_hit_refreshes_the_idle_timer()
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromMinutes(5));
        int[] prompt = [.. Enumerable.Range(0, 2_000)];
        cache.Store("gpt-4o", prompt);

        _clock.Advance(TimeSpan.FromMinutes(4));
        cache.Lookup("gpt-4o", prompt).Should().Be(1_920);
        _clock.Advance(TimeSpan.FromMinutes(4));

        // Eight minutes after the store, but only four after the hit.
        cache.Lookup("gpt-4o", prompt).Should().Be(1_920);
        _clock.Advance(TimeSpan.FromMinutes(5));
        cache.Lookup("gpt-4o", prompt).Should().Be(0);
    }

    [Fact]
    public void A_configured_idle_timeout_is_honored()
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromHours(1));
        int[] prompt = [.. Enumerable.Range(0, 1_024)];
        cache.Store("gpt-4o", prompt);

        _clock.Advance(TimeSpan.FromMinutes(59));
        cache.Lookup("gpt-4o", prompt).Should().Be(1_024);
    }

    [Fact]
    public void Caches_are_separate_per_model()
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromMinutes(5));
        int[] prompt = [.. Enumerable.Range(0, 2_000)];
        cache.Store("gpt-4o", prompt);

        cache.Lookup("gpt-4o-mini", prompt).Should().Be(0);
    }

    [Fact]
    public void Expired_entries_are_swept_on_a_later_store()
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromMinutes(5));
        cache.Store("gpt-4o", [.. Enumerable.Range(0, 1_152)]);
        cache.Count.Should().Be(2);

        _clock.Advance(TimeSpan.FromMinutes(6));
        cache.Store("gpt-4o", [.. Enumerable.Range(10, 1_024)]);

        cache.Count.Should().Be(1);
    }

    [Fact]
    public void Concurrent_lookups_and_stores_are_safe()
    {
        var cache = new OpenAIPromptCache(_clock, TimeSpan.FromMinutes(5));
        int[] shared = [.. Enumerable.Range(0, 1_300)];
        cache.Store("gpt-4o", shared);

        var results = new int[2_000];
        Parallel.For(0, results.Length, i =>
        {
            int[] prompt = [.. shared, .. Enumerable.Range(1_000_000 + (i * 10), 10)];
            results[i] = cache.LookupAndStore("gpt-4o", prompt);
        });

        results.Should().OnlyContain(r => r == 1_280);
    }
}
