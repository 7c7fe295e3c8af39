using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;

using static CostAware.Tests.Integration.OpenAIPayloads;

namespace CostAware.Tests.Integration;

/// <summary>
/// The token meter over the real OpenAI SDK and Microsoft.Extensions.AI.OpenAI adapter, talking HTTP to a loopback
/// server that answers with Chat Completions payloads.
/// </summary>
public sealed class OpenAIIntegrationTests : IAsyncLifetime
{
    private const string CachedUsage =
        """{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":64,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""";

    // 86 uncached x $2.50 + 1,920 cached x $1.25 + 300 output x $10 (reasoning is inside the output), per million.
    private const decimal CachedUsageCostOnGpt4o = 0.005615m;

    private readonly LoopbackServer _server = LoopbackServer.Start();
    private readonly InMemoryCostLedger _ledger = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_chat_completion_with_cached_and_reasoning_tokens_is_priced_exactly_from_the_usage_it_reports()
    {
        _server.ReplyJson(Completion("gpt-4o-2024-08-06", "The answer.", CachedUsage));
        using var client = CreateMeteredClient("gpt-4o");

        var response = await client.GetResponseAsync("What is the answer?");

        response.Text.Should().Be("The answer.");
        response.GetCostUsd().Should().Be(CachedUsageCostOnGpt4o);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Should().BeSameAs(response.GetCostEntry());
        entry.CostUsd.Should().Be(CachedUsageCostOnGpt4o);
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 2006, CachedInputTokens = 1920, OutputTokens = 300, ReasoningTokens = 64 });
        entry.ModelId.Should().Be("gpt-4o-2024-08-06");
        entry.RequestedModelId.Should().Be("gpt-4o");
        entry.Provider.Should().Be("openai");
        entry.PriceResolution!.Match.Should().Be(PriceMatch.DatedSnapshot);
        entry.PriceResolution.Price.ModelId.Should().Be("gpt-4o");
        entry.Outcome.Should().Be(CallOutcome.Succeeded);
        entry.IsStreaming.Should().BeFalse();
        entry.IsEstimate.Should().BeFalse();
        entry.ResponseId.Should().Be("chatcmpl-loopback");
        entry.Cost!.Input.Should().Be(0.000215m);
        entry.Cost.CachedInput.Should().Be(0.0024m);
        entry.Cost.Output.Should().Be(0.003m);
        entry.Cost.Reasoning.Should().Be(0m);
        entry.Cost.IsIncomplete.Should().BeFalse();

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/chat/completions");
        request.Headers["Authorization"].Should().Be("Bearer test");
        JsonDocument.Parse(request.Body).RootElement.GetProperty("model").GetString().Should().Be("gpt-4o");
    }

    [Fact]
    public async Task A_streamed_chat_completion_is_priced_exactly_from_the_usage_in_its_final_chunk()
    {
        _server.ReplyEventStream(
            Chunk("gpt-4o-2024-08-06", """{"role":"assistant","content":""}"""),
            Chunk("gpt-4o-2024-08-06", """{"content":"The "}"""),
            Chunk("gpt-4o-2024-08-06", """{"content":"answer."}"""),
            Chunk("gpt-4o-2024-08-06", "{}", finishReason: "stop"),
            UsageChunk("gpt-4o-2024-08-06", CachedUsage),
            "data: [DONE]");
        using var client = CreateMeteredClient("gpt-4o");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("What is the answer?"))
        {
            updates.Add(update);
        }

        updates.ToChatResponse().Text.Should().Be("The answer.");
        updates[^1].GetCostEntry()!.CostUsd.Should().Be(CachedUsageCostOnGpt4o);
        updates.Take(updates.Count - 1).Should().OnlyContain(u => u.GetCostEntry() == null);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.CostUsd.Should().Be(CachedUsageCostOnGpt4o);
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 2006, CachedInputTokens = 1920, OutputTokens = 300, ReasoningTokens = 64 });
        entry.ModelId.Should().Be("gpt-4o-2024-08-06");
        entry.PriceResolution!.Match.Should().Be(PriceMatch.DatedSnapshot);
        entry.Outcome.Should().Be(CallOutcome.Succeeded);
        entry.IsStreaming.Should().BeTrue();
        entry.IsEstimate.Should().BeFalse();
    }

    [Fact]
    public async Task The_adapter_asks_for_usage_in_streamed_responses_with_stream_options_include_usage()
    {
        _server.ReplyEventStream(
            Chunk("gpt-4o-2024-08-06", """{"role":"assistant","content":"Hi"}""", finishReason: "stop"),
            UsageChunk("gpt-4o-2024-08-06", CachedUsage),
            "data: [DONE]");
        using var client = CreateMeteredClient("gpt-4o");

        await foreach (var update in client.GetStreamingResponseAsync("Hello"))
        {
            _ = update;
        }

        var body = JsonDocument.Parse(_server.Requests.Should().ContainSingle().Subject.Body).RootElement;
        body.GetProperty("stream").GetBoolean().Should().BeTrue();
        body.GetProperty("stream_options").GetRawText().Should().Be("""{"include_usage":true}""");
    }

    [Fact]
    public async Task A_reasoning_model_call_is_priced_exactly_with_its_reasoning_tokens_billed_as_output()
    {
        // 476 uncached x $1.10 + 1,024 cached x $0.275 + 800 output x $4.40, per million.
        _server.ReplyJson(Completion(
            "o4-mini-2025-04-16",
            "42",
            """{"prompt_tokens":1500,"completion_tokens":800,"total_tokens":2300,"prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":512}}"""));
        using var client = CreateMeteredClient("o4-mini");

        var response = await client.GetResponseAsync("Think, then answer.");

        response.GetCostUsd().Should().Be(0.0043252m);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 1500, CachedInputTokens = 1024, OutputTokens = 800, ReasoningTokens = 512 });
        entry.ModelId.Should().Be("o4-mini-2025-04-16");
        entry.PriceResolution!.Price.ModelId.Should().Be("o4-mini");
        entry.PriceResolution.Match.Should().Be(PriceMatch.DatedSnapshot);
        entry.Cost!.Input.Should().Be(0.0005236m);
        entry.Cost.CachedInput.Should().Be(0.0002816m);
        entry.Cost.Output.Should().Be(0.00352m);
    }

    [Theory]
    [InlineData(500, "server_error")]
    [InlineData(429, "rate_limit_exceeded")]
    public async Task A_failed_call_is_recorded_once_as_failed_at_no_cost_and_the_error_reaches_the_caller(int status, string code)
    {
        _server.ReplyJson($$$"""{"error":{"message":"Scripted failure.","type":"{{{code}}}","param":null,"code":"{{{code}}}"}}""", status);
        using var client = CreateMeteredClient("gpt-4o");

        var call = () => client.GetResponseAsync("Hello");

        var thrown = await call.Should().ThrowAsync<ClientResultException>();
        thrown.Which.Status.Should().Be(status);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Failed);
        entry.CostUsd.Should().Be(0m);
        entry.Usage.Should().Be(TokenUsage.Unknown);
        entry.ModelId.Should().Be("gpt-4o");
        entry.Error.Should().StartWith(nameof(ClientResultException) + ": ");
        _server.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_failed_streamed_call_is_recorded_once_as_failed_at_no_cost_and_the_error_reaches_the_caller()
    {
        _server.ReplyJson("""{"error":{"message":"Scripted failure.","type":"server_error","param":null,"code":null}}""", 500);
        using var client = CreateMeteredClient("gpt-4o");

        var call = async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hello"))
            {
                _ = update;
            }
        };

        (await call.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(500);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Failed);
        entry.CostUsd.Should().Be(0m);
        entry.IsStreaming.Should().BeTrue();
    }

    [Fact]
    public async Task Retries_inside_the_sdk_are_invisible_to_the_meter_which_records_the_call_once()
    {
        var retryNow = new Dictionary<string, string> { ["retry-after-ms"] = "1" };
        _server
            .ReplyJson("""{"error":{"message":"Slow down.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", 429, retryNow)
            .ReplyJson("""{"error":{"message":"Slow down.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", 429, retryNow)
            .ReplyJson(Completion("gpt-4o-2024-08-06", "The answer.", CachedUsage));
        var inner = new global::OpenAI.Chat.ChatClient(
            "gpt-4o",
            new ApiKeyCredential("test"),
            new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "/v1") }).AsIChatClient();
        using var client = new ChatClientBuilder(inner).UseTokenMeter(_ledger).Build();

        var response = await client.GetResponseAsync("What is the answer?");

        _server.Requests.Should().HaveCount(3);
        response.GetCostUsd().Should().Be(CachedUsageCostOnGpt4o);
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Succeeded);
        entry.CostUsd.Should().Be(CachedUsageCostOnGpt4o);
    }

    [Fact]
    public async Task A_stream_the_caller_stops_reading_before_usage_arrives_is_recorded_as_cancelled_with_an_estimate()
    {
        _server.ReplyEventStream(
            Chunk("gpt-4o-2024-08-06", """{"role":"assistant","content":""}"""),
            Chunk("gpt-4o-2024-08-06", """{"content":"Once upon"}"""),
            Chunk("gpt-4o-2024-08-06", """{"content":" a time"}"""),
            Chunk("gpt-4o-2024-08-06", """{"content":" there was a meter."}"""),
            Chunk("gpt-4o-2024-08-06", "{}", finishReason: "stop"),
            UsageChunk("gpt-4o-2024-08-06", CachedUsage),
            "data: [DONE]");
        using var client = CreateMeteredClient("gpt-4o");
        List<ChatMessage> prompt = [new(ChatRole.User, "Tell me a story.")];

        await foreach (var update in client.GetStreamingResponseAsync(prompt))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        // The meter holds one update back, so it has read the chunk after the one the caller stopped at.
        var counter = TiktokenTokenCounter.O200kBase;
        long expectedInput = counter.CountPromptTokens(prompt);
        long expectedOutput = counter.CountTokens("Once upon") + counter.CountTokens(" a time");
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Cancelled);
        entry.IsEstimate.Should().BeTrue();
        entry.Usage.Should().Be(new TokenUsage { InputTokens = expectedInput, OutputTokens = expectedOutput });
        entry.ModelId.Should().Be("gpt-4o-2024-08-06");
        entry.CostUsd.Should().Be(((expectedInput * 2.5m) + (expectedOutput * 10m)) / 1_000_000m);
    }

    private IChatClient CreateMeteredClient(string model)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(_server.BaseAddress, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var inner = new global::OpenAI.Chat.ChatClient(model, new ApiKeyCredential("test"), options).AsIChatClient();
        return new ChatClientBuilder(inner).UseTokenMeter(_ledger).Build();
    }
}
