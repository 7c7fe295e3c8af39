using System.Text.Json;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Usage;

public class UsageReaderTests
{
    private static TokenUsage Read(string json, UsageFormat format = UsageFormat.Auto) =>
        UsageReader.FromJson(JsonDocument.Parse(json).RootElement, format);

    [Fact]
    public void Usage_details_input_count_includes_cached_tokens()
    {
        var usage = UsageReader.FromUsageDetails(new UsageDetails { InputTokenCount = 2_006, CachedInputTokenCount = 1_920, OutputTokenCount = 300 });

        usage.Should().Be(new TokenUsage { InputTokens = 2_006, CachedInputTokens = 1_920, OutputTokens = 300 });
        usage.UncachedInputTokens.Should().Be(86);
    }

    [Fact]
    public void Cached_tokens_fall_back_to_the_older_additional_counts_key()
    {
        var details = new UsageDetails
        {
            InputTokenCount = 2_006,
            OutputTokenCount = 300,
            AdditionalCounts = new() { ["InputTokenDetails.CachedTokenCount"] = 1_024 },
        };

        UsageReader.FromUsageDetails(details).CachedInputTokens.Should().Be(1_024);
    }

    [Fact]
    public void The_cached_input_property_wins_over_the_older_key()
    {
        var details = new UsageDetails
        {
            InputTokenCount = 2_006,
            CachedInputTokenCount = 1_920,
            AdditionalCounts = new() { ["InputTokenDetails.CachedTokenCount"] = 1_024 },
        };

        UsageReader.FromUsageDetails(details).CachedInputTokens.Should().Be(1_920);
    }

    [Fact]
    public void Anthropic_cache_writes_come_from_the_cache_creation_count()
    {
        var details = new UsageDetails
        {
            InputTokenCount = 188_107,
            CachedInputTokenCount = 0,
            OutputTokenCount = 393,
            AdditionalCounts = new() { ["CacheCreationInputTokens"] = 188_086 },
        };

        var usage = UsageReader.FromUsageDetails(details);

        usage.CacheWriteTokens.Should().Be(188_086);
        usage.UncachedInputTokens.Should().Be(21);
    }

    [Fact]
    public void Reasoning_tokens_are_read_as_part_of_output()
    {
        var usage = UsageReader.FromUsageDetails(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 500, ReasoningTokenCount = 400 });

        usage.OutputTokens.Should().Be(500);
        usage.ReasoningTokens.Should().Be(400);
        usage.TotalTokens.Should().Be(510);
    }

    [Fact]
    public void Missing_details_are_unknown_not_zero()
    {
        var usage = UsageReader.FromUsageDetails(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 });

        usage.CachedInputTokens.Should().BeNull();
        usage.CacheWriteTokens.Should().BeNull();
        usage.ReasoningTokens.Should().BeNull();
        UsageReader.FromUsageDetails(null).IsUnknown.Should().BeTrue();
    }

    [Fact]
    public void OpenAI_chat_completions_usage_is_read_with_its_details()
    {
        var usage = Read("""
            { "prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
              "prompt_tokens_details": { "cached_tokens": 1920, "cache_write_tokens": 50 },
              "completion_tokens_details": { "reasoning_tokens": 64 } }
            """);

        usage.Should().Be(new TokenUsage { InputTokens = 2_006, CachedInputTokens = 1_920, CacheWriteTokens = 50, OutputTokens = 300, ReasoningTokens = 64 });
    }

    [Fact]
    public void OpenAI_responses_usage_is_read_with_its_details()
    {
        var usage = Read("""
            { "input_tokens": 5000, "output_tokens": 800, "total_tokens": 5800,
              "input_tokens_details": { "cached_tokens": 4096 }, "output_tokens_details": { "reasoning_tokens": 512 } }
            """);

        usage.Should().Be(new TokenUsage { InputTokens = 5_000, CachedInputTokens = 4_096, OutputTokens = 800, ReasoningTokens = 512 });
    }

    [Fact]
    public void Anthropic_input_tokens_exclude_cache_reads_and_writes()
    {
        var usage = Read("""
            { "input_tokens": 21, "cache_read_input_tokens": 1000, "cache_creation_input_tokens": 188086, "output_tokens": 393 }
            """);

        usage.Should().Be(new TokenUsage { InputTokens = 189_107, CachedInputTokens = 1_000, CacheWriteTokens = 188_086, OutputTokens = 393 });
        usage.UncachedInputTokens.Should().Be(21);
    }

    [Fact]
    public void Anthropic_cache_creation_breakdown_separates_one_hour_writes()
    {
        var usage = Read("""
            { "input_tokens": 5, "cache_creation_input_tokens": 3000, "cache_read_input_tokens": 0, "output_tokens": 10,
              "cache_creation": { "ephemeral_5m_input_tokens": 1000, "ephemeral_1h_input_tokens": 2000 } }
            """);

        usage.CacheWriteTokens.Should().Be(1_000);
        usage.CacheWrite1HourTokens.Should().Be(2_000);
        usage.InputTokens.Should().Be(3_005);
    }

    [Fact]
    public void Gemini_prompt_includes_cached_content_and_thoughts_are_billed_as_output()
    {
        var usage = Read("""
            { "promptTokenCount": 12000, "cachedContentTokenCount": 8000, "candidatesTokenCount": 300, "thoughtsTokenCount": 700, "totalTokenCount": 13000 }
            """);

        usage.Should().Be(new TokenUsage { InputTokens = 12_000, CachedInputTokens = 8_000, OutputTokens = 1_000, ReasoningTokens = 700 });
    }

    [Theory]
    [InlineData("""{ "prompt_tokens": 1 }""", UsageFormat.OpenAIChatCompletions)]
    [InlineData("""{ "input_tokens": 1, "output_tokens": 1, "total_tokens": 2 }""", UsageFormat.OpenAIResponses)]
    [InlineData("""{ "input_tokens": 1, "output_tokens": 1 }""", UsageFormat.AnthropicMessages)]
    [InlineData("""{ "input_tokens": 1, "cache_read_input_tokens": 0 }""", UsageFormat.AnthropicMessages)]
    [InlineData("""{ "promptTokenCount": 1 }""", UsageFormat.Gemini)]
    public void The_format_is_told_apart_by_its_field_names(string json, UsageFormat expected) =>
        UsageReader.Detect(JsonDocument.Parse(json).RootElement).Should().Be(expected);

    [Theory]
    [InlineData("""{ "tokens": 5 }""", "*none of the fields of a known API*")]
    [InlineData("""[1, 2]""", "*must be a JSON object, found Array*")]
    [InlineData("""{ "prompt_tokens": -3 }""", "*'prompt_tokens' must be a non-negative whole number, found -3*")]
    [InlineData("""{ "prompt_tokens": "12" }""", "*'prompt_tokens' must be a non-negative whole number, found \"12\"*")]
    public void Bad_usage_objects_are_rejected_with_a_reason(string json, string message)
    {
        var act = () => Read(json);

        act.Should().Throw<FormatException>().WithMessage(message);
    }

    [Fact]
    public void Merging_two_reports_of_one_call_replaces_fields_and_never_adds()
    {
        var start = new TokenUsage { InputTokens = 1_000, CachedInputTokens = 800, OutputTokens = 1 };
        var end = new TokenUsage { OutputTokens = 393 };

        start.MergeWith(end).Should().Be(new TokenUsage { InputTokens = 1_000, CachedInputTokens = 800, OutputTokens = 393 });
    }
}
