using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

using static CostAware.Tests.Integration.OpenAIPayloads;

namespace CostAware.Tests.Integration;

/// <summary>
/// The tier router over the real OpenAI and Anthropic SDKs and their Microsoft.Extensions.AI adapters, talking HTTP to
/// a loopback server: the chosen tier's model is the one on the wire, and each call is metered with its decision.
/// </summary>
public sealed class RouterIntegrationTests : IAsyncLifetime
{
    private const string Usage = """{"prompt_tokens":1000,"completion_tokens":200,"total_tokens":1200,"prompt_tokens_details":{"cached_tokens":0}}""";

    private readonly LoopbackServer _server = LoopbackServer.Start();
    private readonly InMemoryCostLedger _ledger = new();

    // "prove" marks a hard prompt: a classifier of the application's own.
    private static readonly IDifficultyClassifier s_classifier =
        DifficultyClassifier.FromDelegate(c => c.Prompt.Contains("prove", StringComparison.OrdinalIgnoreCase) ? 0.9 : 0.1);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tiers_sharing_one_OpenAI_client_send_their_own_model_and_are_metered_with_the_decision(bool streaming)
    {
        foreach (var model in new[] { "gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06" })
        {
            if (streaming)
            {
                _server.ReplyEventStream(
                    Chunk(model, """{"role":"assistant","content":"Done."}"""), Chunk(model, "{}", "stop"), UsageChunk(model, Usage), "data: [DONE]");
            }
            else
            {
                _server.ReplyJson(Completion(model, "Done.", Usage));
            }
        }

        var openai = new global::OpenAI.Chat.ChatClient("gpt-4o", new ApiKeyCredential("test"), new OpenAIClientOptions
        {
            Endpoint = new Uri(_server.BaseAddress, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).AsIChatClient();
        using var client = new ChatClientBuilder(openai)
            .UseTierRouter(o =>
            {
                o.Classifier = s_classifier;
                o.Tiers.Add(new ModelTier("small", "gpt-4o-mini"));
                o.Tiers.Add(new ModelTier("frontier", "gpt-4o"));
            })
            .UseTokenMeter(_ledger)
            .Build();

        var easy = await GetAsync(client, streaming, "Say hello.");
        var hard = await GetAsync(client, streaming, "Prove that 17 is prime.");

        _server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("model").GetString()).Should().Equal("gpt-4o-mini", "gpt-4o");
        easy.GetRouteDecision()!.Tier.Should().Be("small");
        hard.GetRouteDecision()!.Tier.Should().Be("frontier");
        var entries = _ledger.GetEntries();
        entries.Select(e => (e.RouteDecision!.Tier, e.ModelId, e.CostUsd)).Should().Equal(
            ("small", "gpt-4o-mini-2024-07-18", 0.00027m),  // 1,000 × $0.15 + 200 × $0.60 per million
            ("frontier", "gpt-4o-2024-08-06", 0.0045m));    // 1,000 × $2.50 + 200 × $10 per million
        entries[1].RouteDecision!.Excluded.Single().Reason.Should().Be(TierExclusionReason.BelowDifficulty);
    }

    [Fact]
    public async Task A_router_can_span_providers_with_one_metered_client_per_tier()
    {
        _server.ReplyJson("""
            {"id":"msg_loopback","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"17 has no divisor between 2 and 4."}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":1000,"output_tokens":200,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}
            """);
        var openai = new global::OpenAI.Chat.ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), new OpenAIClientOptions
        {
            Endpoint = new Uri(_server.BaseAddress, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).AsIChatClient();
        var anthropic = new AnthropicClient { ApiKey = "test", BaseUrl = _server.BaseAddress.ToString(), MaxRetries = 0 }.AsIChatClient("claude-sonnet-4-5");
        var options = new TierRouterOptions { Classifier = s_classifier };
        options.Tiers.Add(new ModelTier("small", "gpt-4o-mini", new ChatClientBuilder(openai).UseTokenMeter(_ledger).Build()));
        options.Tiers.Add(new ModelTier("frontier", "claude-sonnet-4-5", new ChatClientBuilder(anthropic).UseTokenMeter(_ledger).Build()));
        using var router = new TierRouterChatClient(options);

        var response = await router.GetResponseAsync([new ChatMessage(ChatRole.User, "Prove that 17 is prime.")], new ChatOptions { MaxOutputTokens = 512 });

        response.Text.Should().Be("17 has no divisor between 2 and 4.");
        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/messages");
        JsonDocument.Parse(request.Body).RootElement.GetProperty("model").GetString().Should().Be("claude-sonnet-4-5");
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.RouteDecision!.Tier.Should().Be("frontier");
        entry.CostUsd.Should().Be(0.006m); // 1,000 × $3 + 200 × $15 per million
    }

    private static async Task<ChatResponse> GetAsync(IChatClient client, bool streaming, string prompt) =>
        streaming
            ? await client.GetStreamingResponseAsync(prompt).ToChatResponseAsync()
            : await client.GetResponseAsync(prompt);
}
