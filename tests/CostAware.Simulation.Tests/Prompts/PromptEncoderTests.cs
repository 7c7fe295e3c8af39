using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace CostAware.Simulation.Tests;

public class PromptEncoderTests
{
    private readonly PromptEncoder _encoder = new(SimTestData.Counter);

    private static List<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You are a helpful support agent for an online store."),
        new(ChatRole.User, "Where is my order 1234? It was due on Monday."),
        new(ChatRole.Assistant, [new FunctionCallContent("call-1", "track_order", new Dictionary<string, object?> { ["orderId"] = 1234, ["verbose"] = true })]),
        new(ChatRole.Tool, [new FunctionResultContent("call-1", "In transit; arriving Thursday.")]),
        new(ChatRole.Assistant, [new TextReasoningContent("The user wants a date."), new TextContent("It arrives on Thursday.")]),
        new(ChatRole.User, "Thanks! Can I change the address?"),
    ];

    private static ChatOptions WithTools() => new()
    {
        Tools =
        [
            AIFunctionFactory.Create((int orderId) => "ok", "track_order", "Tracks an order by its id."),
            AIFunctionFactory.Create((string address) => "ok", "change_address", "Changes the delivery address."),
        ],
    };

    [Fact]
    public void The_sequence_is_as_long_as_the_core_counts_the_prompt()
    {
        var messages = Conversation();

        _encoder.Encode(messages, null).Tokens.Should().HaveCount(SimTestData.Counter.CountPromptTokens(messages));
        _encoder.Encode(messages, WithTools()).Tokens.Should().HaveCount(SimTestData.Counter.CountPromptTokens(messages, WithTools()));
    }

    [Fact]
    public void Tools_come_first_then_the_system_prompt_then_the_conversation()
    {
        var system = new ChatMessage(ChatRole.System, "Be brief.");
        var user = new ChatMessage(ChatRole.User, "Hello there.");
        var options = WithTools();
        int toolTokens = SimTestData.Counter.CountTokens(ToolText.Render(options.Tools!));

        var reordered = _encoder.Encode([user, system], options);
        var ordered = _encoder.Encode([system, user], options);

        reordered.Tokens.Should().Equal(ordered.Tokens);
        ordered.BlockEnds.Should().Equal(
            toolTokens,
            toolTokens + SimTestData.Counter.CountMessageTokens(system),
            toolTokens + SimTestData.Counter.CountMessageTokens(system) + SimTestData.Counter.CountMessageTokens(user));
    }

    [Fact]
    public void Cache_control_set_by_the_anthropic_sdk_marks_a_breakpoint_with_its_lifetime()
    {
        var system = new ChatMessage(ChatRole.System, [new TextContent("Rules.").WithCacheControl(Ttl.Ttl1h)]);
        var user = new ChatMessage(ChatRole.User, [new TextContent("First."), new TextContent("Second.").WithCacheControl(Ttl.Ttl5m)]);

        var prompt = _encoder.Encode([system, user], null);

        prompt.Breakpoints.Should().Equal(new CacheBreakpoint(0, TimeSpan.FromHours(1)), new CacheBreakpoint(2, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Cache_control_without_a_lifetime_means_five_minutes()
    {
        var user = new ChatMessage(ChatRole.User, [new TextContent("Hi.").WithCacheControl(new CacheControlEphemeral())]);

        _encoder.Encode([user], null).Breakpoints.Should().Equal(new CacheBreakpoint(0, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_tool_with_cache_control_ends_its_own_block()
    {
        var cachedTool = AIFunctionFactory.Create(
            (int orderId) => "ok",
            new AIFunctionFactoryOptions
            {
                Name = "track_order",
                Description = "Tracks an order by its id.",
                AdditionalProperties = new Dictionary<string, object?> { ["CacheControl"] = new CacheControlEphemeral() },
            });
        var other = AIFunctionFactory.Create((string address) => "ok", "change_address", "Changes the delivery address.");
        var options = new ChatOptions { Tools = [cachedTool, other] };

        var prompt = _encoder.Encode([new ChatMessage(ChatRole.User, "Hi.")], options);

        int firstTool = SimTestData.Counter.CountTokens(ToolText.Render([cachedTool]));
        prompt.Breakpoints.Should().Equal(new CacheBreakpoint(0, TimeSpan.FromMinutes(5)));
        prompt.BlockEnds[0].Should().Be(firstTool);
        prompt.BlockEnds[1].Should().Be(SimTestData.Counter.CountTokens(ToolText.Render(options.Tools)));
    }

    [Fact]
    public void Identical_texts_are_encoded_once()
    {
        string text = SimTestData.TextOf(500);

        _encoder.EncodeText(text).Should().BeSameAs(_encoder.EncodeText(text));
    }
}
