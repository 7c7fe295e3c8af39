using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Integration;

/// <summary>
/// The token meter over the real Anthropic SDK and its <see cref="IChatClient"/> adapter, talking HTTP to a loopback
/// server that answers with Messages API payloads.
/// </summary>
public sealed class AnthropicIntegrationTests : IAsyncLifetime
{
    private readonly LoopbackServer _server = LoopbackServer.Start();
    private readonly InMemoryCostLedger _ledger = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_message_that_writes_the_cache_is_priced_exactly_at_the_cache_write_rate()
    {
        // 21 uncached x $15 + 188,086 written x $18.75 + 393 output x $75, per million.
        _server.ReplyJson(Message(
            "claude-opus-4-1-20250805",
            "Summary.",
            """{"input_tokens":21,"cache_creation_input_tokens":188086,"cache_read_input_tokens":0,"output_tokens":393,"cache_creation":{"ephemeral_5m_input_tokens":188086,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}"""));
        using var client = CreateMeteredClient("claude-opus-4-1");

        var response = await client.GetResponseAsync("Summarize the attached book.");

        response.Text.Should().Be("Summary.");
        response.GetCostUsd().Should().Be(3.5564025m);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Should().BeSameAs(response.GetCostEntry());
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 188107, CachedInputTokens = 0, CacheWriteTokens = 188086, OutputTokens = 393 });
        entry.ModelId.Should().Be("claude-opus-4-1-20250805");
        entry.RequestedModelId.Should().Be("claude-opus-4-1");
        entry.Provider.Should().Be("anthropic");
        entry.PriceResolution!.Match.Should().Be(PriceMatch.DatedSnapshot);
        entry.PriceResolution.Price.ModelId.Should().Be("claude-opus-4-1");
        entry.ResponseId.Should().Be("msg_loopback");
        entry.Cost!.Input.Should().Be(0.000315m);
        entry.Cost.CacheWrite.Should().Be(3.5266125m);
        entry.Cost.Output.Should().Be(0.029475m);
        entry.Cost.IsIncomplete.Should().BeFalse();

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/messages");
        request.Headers["Authorization"].Should().Be("Bearer test");
        JsonDocument.Parse(request.Body).RootElement.GetProperty("model").GetString().Should().Be("claude-opus-4-1");
    }

    [Fact]
    public async Task A_claude_3_7_sonnet_message_with_cache_writes_is_priced_exactly()
    {
        // 3 uncached x $3 + 12,304 written x $3.75 + 550 output x $15, per million.
        _server.ReplyJson(Message(
            "claude-3-7-sonnet-20250219",
            "Done.",
            """{"input_tokens":3,"cache_creation_input_tokens":12304,"cache_read_input_tokens":0,"output_tokens":550,"cache_creation":{"ephemeral_5m_input_tokens":12304,"ephemeral_1h_input_tokens":0}}"""));
        using var client = CreateMeteredClient("claude-3-7-sonnet-20250219");

        var response = await client.GetResponseAsync("Go.");

        response.GetCostUsd().Should().Be(0.054399m);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 12307, CachedInputTokens = 0, CacheWriteTokens = 12304, OutputTokens = 550 });
        entry.PriceResolution!.Price.ModelId.Should().Be("claude-3-7-sonnet");
    }

    [Fact]
    public async Task A_streamed_message_keeps_the_cache_counts_of_message_start_when_message_delta_reports_only_output()
    {
        // 50 uncached x $3 + 100,000 read x $0.30 + 200 output x $15, per million.
        _server.ReplyEventStream(
            MessageStart("claude-sonnet-4-5-20250929", """{"input_tokens":50,"cache_creation_input_tokens":0,"cache_read_input_tokens":100000,"output_tokens":1}"""),
            TextBlock("The "),
            TextDelta("answer."),
            ContentBlockStop(),
            MessageDelta("""{"output_tokens":200}"""),
            MessageStop());
        using var client = CreateMeteredClient("claude-sonnet-4-5");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Answer from the cached document."))
        {
            updates.Add(update);
        }

        updates.ToChatResponse().Text.Should().Be("The answer.");
        updates[^1].GetCostEntry()!.CostUsd.Should().Be(0.03315m);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.CostUsd.Should().Be(0.03315m);
        // The streaming adapter leaves the cache-write count out when it is zero.
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 100050, CachedInputTokens = 100000, OutputTokens = 200 });
        entry.ModelId.Should().Be("claude-sonnet-4-5-20250929");
        entry.Outcome.Should().Be(CallOutcome.Succeeded);
        entry.IsStreaming.Should().BeTrue();
        entry.IsEstimate.Should().BeFalse();
    }

    [Fact]
    public async Task A_streamed_message_that_writes_the_cache_is_priced_exactly()
    {
        _server.ReplyEventStream(
            MessageStart(
                "claude-opus-4-1-20250805",
                """{"input_tokens":21,"cache_creation_input_tokens":188086,"cache_read_input_tokens":0,"output_tokens":1,"cache_creation":{"ephemeral_5m_input_tokens":188086,"ephemeral_1h_input_tokens":0}}"""),
            TextBlock("Summary."),
            ContentBlockStop(),
            MessageDelta("""{"output_tokens":393}"""),
            MessageStop());
        using var client = CreateMeteredClient("claude-opus-4-1");

        await foreach (var update in client.GetStreamingResponseAsync("Summarize the attached book."))
        {
            _ = update;
        }

        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.CostUsd.Should().Be(3.5564025m);
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 188107, CachedInputTokens = 0, CacheWriteTokens = 188086, OutputTokens = 393 });
    }

    [Fact]
    public async Task A_one_hour_cache_control_set_through_the_sdk_reaches_the_request_body()
    {
        _server.ReplyJson(Message(
            "claude-sonnet-4-5-20250929",
            "Ok.",
            """{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}"""));
        using var client = CreateMeteredClient("claude-sonnet-4-5");
        var document = new TextContent("A long document worth caching for an hour.").WithCacheControl(Ttl.Ttl1h);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, [document, new TextContent("Question?")])]);

        var body = JsonDocument.Parse(_server.Requests.Should().ContainSingle().Subject.Body).RootElement;
        var blocks = body.GetProperty("messages")[0].GetProperty("content");
        blocks.GetArrayLength().Should().Be(2);
        blocks[0].GetProperty("cache_control").GetRawText().Should().Be("""{"type":"ephemeral","ttl":"1h"}""");
        blocks[1].TryGetProperty("cache_control", out _).Should().BeFalse();
        _server.Requests[0].Body.Should().Contain("\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
    }

    [Theory]
    [InlineData(500, "api_error")]
    [InlineData(429, "rate_limit_error")]
    public async Task A_failed_call_is_recorded_once_as_failed_at_no_cost_and_the_error_reaches_the_caller(int status, string type)
    {
        _server.ReplyJson($$$"""{"type":"error","error":{"type":"{{{type}}}","message":"Scripted failure."}}""", status);
        using var client = CreateMeteredClient("claude-sonnet-4-5");

        var call = () => client.GetResponseAsync("Hello");

        var thrown = await call.Should().ThrowAsync<Exception>();
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Failed);
        entry.CostUsd.Should().Be(0m);
        entry.Usage.Should().Be(TokenUsage.Unknown);
        entry.Error.Should().StartWith(thrown.Which.GetType().Name + ": ");
        _server.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_streamed_message_whose_message_delta_repeats_the_full_usage_is_priced_the_same()
    {
        _server.ReplyEventStream(
            MessageStart("claude-sonnet-4-5-20250929", """{"input_tokens":50,"cache_creation_input_tokens":0,"cache_read_input_tokens":100000,"output_tokens":1}"""),
            TextBlock("The answer."),
            ContentBlockStop(),
            MessageDelta("""{"input_tokens":50,"cache_creation_input_tokens":0,"cache_read_input_tokens":100000,"output_tokens":200}"""),
            MessageStop());
        using var client = CreateMeteredClient("claude-sonnet-4-5");

        await foreach (var update in client.GetStreamingResponseAsync("Answer from the cached document."))
        {
            _ = update;
        }

        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 100050, CachedInputTokens = 100000, OutputTokens = 200 });
        entry.CostUsd.Should().Be(0.03315m);
    }

    [Fact]
    public async Task A_failed_streamed_call_is_recorded_once_as_failed_at_no_cost_and_the_error_reaches_the_caller()
    {
        _server.ReplyJson("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded."}}""", 529);
        using var client = CreateMeteredClient("claude-sonnet-4-5");

        var call = async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hello"))
            {
                _ = update;
            }
        };

        var thrown = await call.Should().ThrowAsync<Exception>();
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Failed);
        entry.CostUsd.Should().Be(0m);
        entry.Usage.Should().Be(TokenUsage.Unknown);
        entry.IsStreaming.Should().BeTrue();
        entry.IsEstimate.Should().BeFalse();
        entry.Error.Should().StartWith(thrown.Which.GetType().Name + ": ");
    }

    [Fact]
    public async Task Retries_inside_the_sdk_are_invisible_to_the_meter_which_records_the_call_once()
    {
        var retryNow = new Dictionary<string, string> { ["retry-after-ms"] = "1" };
        _server
            .ReplyJson("""{"type":"error","error":{"type":"rate_limit_error","message":"Slow down."}}""", 429, retryNow)
            .ReplyJson(Message(
                "claude-3-7-sonnet-20250219",
                "Done.",
                """{"input_tokens":3,"cache_creation_input_tokens":12304,"cache_read_input_tokens":0,"output_tokens":550}"""));
        var anthropic = new AnthropicClient { ApiKey = "test", BaseUrl = _server.BaseAddress.ToString() };
        using var client = new ChatClientBuilder(anthropic.AsIChatClient("claude-3-7-sonnet-20250219")).UseTokenMeter(_ledger).Build();

        var response = await client.GetResponseAsync("Go.");

        _server.Requests.Should().HaveCount(2);
        _server.Requests[1].Headers["x-stainless-retry-count"].Should().Be("1");
        response.GetCostUsd().Should().Be(0.054399m);
        _ledger.GetEntries().Should().ContainSingle().Which.Outcome.Should().Be(CallOutcome.Succeeded);
    }

    [Fact]
    public async Task A_stream_the_caller_stops_reading_is_recorded_as_cancelled_with_an_estimate_as_the_adapter_reports_usage_only_at_the_end()
    {
        _server.ReplyEventStream(
            MessageStart("claude-sonnet-4-5-20250929", """{"input_tokens":50,"cache_creation_input_tokens":0,"cache_read_input_tokens":100000,"output_tokens":1}"""),
            TextBlock("Once upon"),
            TextDelta(" a time"),
            TextDelta(" there was a meter."),
            ContentBlockStop(),
            MessageDelta("""{"output_tokens":200}"""),
            MessageStop());
        using var client = CreateMeteredClient("claude-sonnet-4-5");
        List<ChatMessage> prompt = [new(ChatRole.User, "Tell me a story.")];

        await foreach (var update in client.GetStreamingResponseAsync(prompt))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        // The adapter holds message_start's counts back until the stream ends, so none reached the meter; it has read
        // one update past the one the caller stopped at.
        var counter = TiktokenTokenCounter.O200kBase;
        long expectedInput = counter.CountPromptTokens(prompt);
        long expectedOutput = counter.CountTokens("Once upon") + counter.CountTokens(" a time");
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Cancelled);
        entry.IsEstimate.Should().BeTrue();
        entry.Usage.Should().Be(new TokenUsage { InputTokens = expectedInput, OutputTokens = expectedOutput });
        entry.ModelId.Should().Be("claude-sonnet-4-5-20250929");
        entry.CostUsd.Should().Be(((expectedInput * 3m) + (expectedOutput * 15m)) / 1_000_000m);
    }

    [Fact]
    public async Task A_one_hour_cache_write_reaches_the_meter_only_as_a_total_and_is_priced_at_the_five_minute_rate()
    {
        // The adapter reports cache_creation_input_tokens as one count and drops the ephemeral_1h split, so the meter
        // cannot tell 1-hour writes apart: 1,000 written x $18.75 is recorded where Anthropic bills 1,000 x $30.
        _server.ReplyJson(Message(
            "claude-opus-4-1-20250805",
            "Ok.",
            """{"input_tokens":21,"cache_creation_input_tokens":1000,"cache_read_input_tokens":0,"output_tokens":393,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":1000}}"""));
        using var client = CreateMeteredClient("claude-opus-4-1");

        var response = await client.GetResponseAsync("Go.");

        response.Usage!.AdditionalCounts.Should().Equal(new Dictionary<string, long> { [UsageReader.CacheCreationKey] = 1000 });
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 1021, CachedInputTokens = 0, CacheWriteTokens = 1000, OutputTokens = 393 });
        entry.CostUsd.Should().Be(0.04854m);
    }

    [Fact]
    public async Task With_the_Anthropic_usage_refiner_one_hour_cache_writes_are_priced_at_the_one_hour_rate()
    {
        _server.ReplyJson(Message(
            "claude-opus-4-1-20250805",
            "Ok.",
            """{"input_tokens":21,"cache_creation_input_tokens":1000,"cache_read_input_tokens":0,"output_tokens":393,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":1000}}"""));
        using var client = CreateMeteredClient("claude-opus-4-1", refine: true);

        await client.GetResponseAsync("Go.");

        // 21 x $15 + 1,000 x $30 (1-hour write) + 393 x $75 per million.
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 1021, CachedInputTokens = 0, CacheWriteTokens = 0, CacheWrite1HourTokens = 1000, OutputTokens = 393 });
        entry.CostUsd.Should().Be(0.05979m);
    }

    [Fact]
    public async Task With_the_Anthropic_usage_refiner_a_stream_keeps_the_one_hour_split_of_message_start()
    {
        _server.ReplyEventStream(
            MessageStart(
                "claude-opus-4-1-20250805",
                """{"input_tokens":21,"cache_creation_input_tokens":1000,"cache_read_input_tokens":0,"output_tokens":1,"cache_creation":{"ephemeral_5m_input_tokens":400,"ephemeral_1h_input_tokens":600}}"""),
            TextBlock("Ok."),
            ContentBlockStop(),
            MessageDelta("""{"output_tokens":393}"""),
            MessageStop());
        using var client = CreateMeteredClient("claude-opus-4-1", refine: true);

        await foreach (var update in client.GetStreamingResponseAsync("Go."))
        {
            _ = update;
        }

        // 21 x $15 + 400 x $18.75 + 600 x $30 + 393 x $75 per million.
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Usage.CacheWriteTokens.Should().Be(400);
        entry.Usage.CacheWrite1HourTokens.Should().Be(600);
        entry.CostUsd.Should().Be(0.05529m);
    }

    private IChatClient CreateMeteredClient(string model, bool refine = false)
    {
        if (refine)
        {
            var refined = new AnthropicClient { ApiKey = "test", BaseUrl = _server.BaseAddress.ToString(), MaxRetries = 0 };
            return new ChatClientBuilder(refined.AsIChatClient(model))
                .UseTokenMeter(_ledger, o => o.UsageRefiners.Add(new AnthropicUsageRefiner()))
                .Build();
        }

        var anthropic = new AnthropicClient { ApiKey = "test", BaseUrl = _server.BaseAddress.ToString(), MaxRetries = 0 };
        return new ChatClientBuilder(anthropic.AsIChatClient(model)).UseTokenMeter(_ledger).Build();
    }

    private static string Message(string model, string text, string usage) =>
        $$"""
        {"id":"msg_loopback","type":"message","role":"assistant","model":"{{model}}",
         "content":[{"type":"text","text":{{JsonSerializer.Serialize(text)}}}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{{usage}}}
        """;

    private static string MessageStart(string model, string usage) =>
        $$$"""
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_loopback","type":"message","role":"assistant","model":"{{{model}}}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{{{usage}}}}}
        """;

    private static string TextBlock(string text) =>
        $$$"""
        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        {{{TextDelta(text)}}}
        """;

    private static string TextDelta(string text) =>
        $$$"""
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{{{JsonSerializer.Serialize(text)}}}}}
        """;

    private static string ContentBlockStop() =>
        """
        event: content_block_stop
        data: {"type":"content_block_stop","index":0}
        """;

    private static string MessageDelta(string usage) =>
        $$"""
        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{{usage}}}
        """;

    private static string MessageStop() =>
        """
        event: message_stop
        data: {"type":"message_stop"}
        """;
}
