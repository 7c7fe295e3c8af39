using System.ClientModel;
using System.Text.Json;
using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using OpenAI;

namespace CostAware.Tests.Integration;

/// <summary>The prefix orderer's cache hints reach the HTTP bodies the real provider SDKs send.</summary>
public class PrefixCacheHintIntegrationTests
{
    private static readonly string s_instructions = "You are a support agent for a bicycle shop. Follow the policy below.\n" +
        string.Join("\n", Enumerable.Range(1, 150).Select(i => $"Policy {i}: a customer who returns item {i} within {i % 30 + 1} days gets a refund of {i % 7 + 1}0 percent."));

    private const string OpenAIReply = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1764835200,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Yes."},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":2100,"completion_tokens":2,"total_tokens":2102,"prompt_tokens_details":{"cached_tokens":1920}}}
        """;

    private const string AnthropicReply = """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Yes."}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":2500,"output_tokens":2}}
        """;

    private static List<ChatMessage> Request(string time) =>
    [
        new(ChatRole.System, $"Request time: {time}. User: u-42.\n{s_instructions}"),
        new(ChatRole.User, "Can I return my helmet?"),
    ];

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_prompt_cache_key_reaches_the_body_the_OpenAI_client_sends(bool streaming)
    {
        await using var server = LoopbackServer.Start();
        for (int i = 0; i < 2; i++)
        {
            if (streaming)
            {
                server.ReplyEventStream(
                    """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"Yes."},"finish_reason":"stop"}]}""",
                    """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":2100,"completion_tokens":2,"total_tokens":2102,"prompt_tokens_details":{"cached_tokens":1920}}}""",
                    "data: [DONE]");
            }
            else
            {
                server.ReplyJson(OpenAIReply);
            }
        }

        var openAI = new OpenAI.Chat.ChatClient("gpt-4o", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "/v1") });
        using var client = new ChatClientBuilder(openAI.AsIChatClient())
            .UsePrefixOrdering(o => o.CacheHintWriters.Add(new OpenAIPromptCacheKeyWriter()))
            .Build();

        var response = await Modes.GetAsync(client, streaming, Request("2026-12-04T09:00:00Z"));
        await Modes.GetAsync(client, streaming, Request("2026-12-04T09:00:41Z"));

        var bodies = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        string key = bodies[0].GetProperty("prompt_cache_key").GetString()!;
        key.Should().MatchRegex("^ca-[0-9a-f]{32}$");
        bodies[1].GetProperty("prompt_cache_key").GetString().Should().Be(key);
        key.Should().Be("ca-" + response.GetPrefixOrderingReport()!.Plan!.StablePrefixKey[..32]);
        bodies[0].GetProperty("messages")[0].GetProperty("content").ToString().Should().NotContain("2026-12-04");
        response.GetPrefixOrderingReport()!.ReportedCachedTokens.Should().Be(1_920);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Cache_control_breakpoints_reach_the_body_the_Anthropic_client_sends(bool streaming)
    {
        await using var server = LoopbackServer.Start();
        if (streaming)
        {
            server.ReplyEventStream(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":2500,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Yes.\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}");
        }
        else
        {
            server.ReplyJson(AnthropicReply);
        }

        var anthropic = new Anthropic.AnthropicClient { ApiKey = "test", BaseUrl = server.BaseAddress.ToString().TrimEnd('/') };
        using var client = new ChatClientBuilder(anthropic.AsIChatClient("claude-sonnet-4-5"))
            .UsePrefixOrdering(o =>
            {
                o.StableBlockCacheLifetime = PromptCacheLifetime.OneHour;
                o.CacheHintWriters.Add(new AnthropicCacheHintWriter());
            })
            .Build();
        var request = Request("2026-12-04T09:00:00Z");

        var response = await Modes.GetAsync(client, streaming, request);

        var body = JsonDocument.Parse(server.Requests.Single().Body).RootElement;
        var system = body.GetProperty("system");
        system.ValueKind.Should().Be(JsonValueKind.Array);
        var block = system.EnumerateArray().Last();
        block.GetProperty("text").GetString().Should().Be(s_instructions);
        block.GetProperty("cache_control").GetProperty("type").GetString().Should().Be("ephemeral");
        block.GetProperty("cache_control").GetProperty("ttl").GetString().Should().Be("1h");
        body.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString()
            .Should().Be("Request time: 2026-12-04T09:00:00Z. User: u-42.");
        request[0].Contents.Single().AdditionalProperties.Should().BeNull("the caller's content is copied, never annotated");
        response.GetPrefixOrderingReport()!.Plan!.Breakpoints.Should().ContainSingle();
    }
}
