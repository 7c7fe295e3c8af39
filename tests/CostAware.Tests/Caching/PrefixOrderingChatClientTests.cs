using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CostAware.Tests.Caching;

public class PrefixOrderingChatClientTests
{
    private static readonly string s_instructions = "You are a math tutor. Solve each problem step by step.\n" +
        string.Join("\n", Enumerable.Range(1, 60).Select(i => $"Question: Sam has {i} apples and buys {i + 2} more. How many?\nAnswer: {i} + {i + 2} = {2 * i + 2}. #### {2 * i + 2}"));

    private readonly ScriptedChatClient _inner = new(providerName: "openai", defaultModelId: "gpt-4o");

    private static List<ChatMessage> Request(string time, string user, string question) =>
    [
        new(ChatRole.System, $"Request time: {time}. User: {user}.\n{s_instructions}"),
        new(ChatRole.User, question),
    ];

    private ScriptedChatClient Replies(int count, long cached = 0)
    {
        for (int i = 0; i < count; i++)
        {
            _inner.ThenReply("ok", new UsageDetails { InputTokenCount = 2_000, CachedInputTokenCount = cached, OutputTokenCount = 5 });
        }

        return _inner;
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Volatile_lines_move_from_the_system_prompt_to_the_current_turn_and_every_text_is_kept(bool streaming)
    {
        Replies(1);
        using var orderer = new PrefixOrderingChatClient(_inner);
        var request = Request("2026-03-02T09:00:00Z", "u-098702", "What is 2 + 2?");

        var response = await Modes.GetAsync(orderer, streaming, request);

        var sent = _inner.Calls.Single().Messages;
        sent.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User);
        sent[0].Text.Should().Be(s_instructions);
        sent[1].Contents.OfType<TextContent>().Select(t => t.Text).Should().Equal("Request time: 2026-03-02T09:00:00Z. User: u-098702.", "What is 2 + 2?");
        Lines(sent).Should().BeEquivalentTo(Lines(request));

        var report = response.GetPrefixOrderingReport()!;
        report.Changed.Should().BeTrue();
        report.Findings.Select(f => (f.Kind, f.Value, f.MessageIndex, f.Moved)).Should().Equal(
            (VolatileKind.Timestamp, "2026-03-02T09:00:00Z", 0, true),
            (VolatileKind.UserId, "u-098702", 0, true));
        report.Findings[0].TokenPosition.Should().Be(TiktokenTokenCounter.TokensPerMessage + 1 + TiktokenTokenCounter.O200kBase.CountTokens("Request time: "));
        int system = TiktokenTokenCounter.TokensPerMessage + 1 + TiktokenTokenCounter.O200kBase.CountTokens(s_instructions);
        report.StablePrefixTokens.Should().Be(system);
        report.PredictedCacheableTokens.Should().Be(1_024 + ((system - 1_024) / 128 * 128));
        report.ReportedCachedTokens.Should().Be(0);
    }

    [Fact]
    public async Task The_callers_messages_and_options_are_never_mutated()
    {
        Replies(1);
        using var orderer = new PrefixOrderingChatClient(_inner);
        var request = Request("2026-03-02T09:00:00Z", "u-1", "Hi");
        string systemBefore = request[0].Text;
        var tools = new List<AITool> { AIFunctionFactory.Create(() => 1, "zeta"), AIFunctionFactory.Create(() => 2, "alpha") };
        var options = new ChatOptions { Tools = tools };

        await orderer.GetResponseAsync(request, options);

        request[0].Text.Should().Be(systemBefore);
        request[1].Contents.Should().ContainSingle();
        options.Tools.Select(t => t.Name).Should().Equal("zeta", "alpha");
        _inner.Calls.Single().Options!.Tools!.Select(t => t.Name).Should().Equal("alpha", "zeta");
    }

    [Fact]
    public async Task Two_requests_that_differ_only_in_volatile_content_send_the_same_prefix()
    {
        Replies(2);
        using var orderer = new PrefixOrderingChatClient(_inner);

        var first = await orderer.GetResponseAsync(Request("2026-03-02T09:00:00Z", "u-1", "Q1"));
        var second = await orderer.GetResponseAsync(Request("2026-03-02T09:00:37Z", "u-2", "Q2"));

        _inner.Calls[0].Messages[0].Text.Should().Be(_inner.Calls[1].Messages[0].Text);
        first.GetPrefixOrderingReport()!.Plan!.StablePrefixKey.Should().Be(second.GetPrefixOrderingReport()!.Plan!.StablePrefixKey);
    }

    [Fact]
    public async Task End_of_system_prompt_placement_appends_the_volatile_lines_to_the_system_message()
    {
        Replies(1);
        using var orderer = new PrefixOrderingChatClient(_inner, new PrefixOrderingOptions { Placement = VolatilePlacement.EndOfSystemPrompt });

        await orderer.GetResponseAsync(Request("2026-03-02T09:00:00Z", "u-1", "Q"));

        var sent = _inner.Calls.Single().Messages;
        sent[0].Contents.OfType<TextContent>().Select(t => t.Text).Should().Equal(s_instructions, "Request time: 2026-03-02T09:00:00Z. User: u-1.");
        sent[1].Text.Should().Be("Q");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Report_only_mode_sends_the_request_unchanged_and_says_what_would_move(bool streaming)
    {
        Replies(1);
        using var orderer = new PrefixOrderingChatClient(_inner, new PrefixOrderingOptions { Mode = PrefixOrderingMode.ReportOnly });
        var request = Request("2026-03-02T09:00:00Z", "u-1", "Q");

        var response = await Modes.GetAsync(orderer, streaming, request);

        _inner.Calls.Single().Messages.Should().Equal(request);
        var report = response.GetPrefixOrderingReport()!;
        report.Changed.Should().BeFalse();
        report.Findings.Should().HaveCount(2).And.AllSatisfy(f => f.Moved.Should().BeFalse());
    }

    [Fact]
    public async Task Conversation_turns_and_tool_call_pairs_are_never_reordered_or_edited()
    {
        Replies(1);
        using var orderer = new PrefixOrderingChatClient(_inner);
        var call = new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["at"] = "2026-03-02T09:00:00Z" });
        var result = new FunctionResultContent("c1", "found at 2026-03-02T09:00:01Z");
        List<ChatMessage> request =
        [
            new(ChatRole.System, s_instructions),
            new(ChatRole.User, "Order 42 placed 2026-03-01. Where is it?"),
            new(ChatRole.Assistant, [call]),
            new(ChatRole.Tool, [result]),
            new(ChatRole.Assistant, "It ships today."),
            new(ChatRole.User, "Thanks, and my e-mail is ada@example.org"),
        ];

        await orderer.GetResponseAsync(request);

        _inner.Calls.Single().Messages.Should().Equal(request);
    }

    [Fact]
    public async Task Pinned_and_stable_marks_keep_content_in_place_and_volatile_marks_move_it()
    {
        Replies(1);
        using var orderer = new PrefixOrderingChatClient(_inner);
        List<ChatMessage> request =
        [
            new(ChatRole.System,
            [
                new TextContent("Build 2026-03-02 is the first line on purpose.").WithStability(PromptStability.Pinned),
                new TextContent(s_instructions),
                new TextContent("Shift lead: Jo").WithStability(PromptStability.Volatile),
            ]),
            new(ChatRole.User, "Q"),
        ];

        await orderer.GetResponseAsync(request);

        var sent = _inner.Calls.Single().Messages;
        sent[0].Contents.OfType<TextContent>().Select(t => t.Text).Should().Equal("Build 2026-03-02 is the first line on purpose.", s_instructions);
        sent[1].Contents.OfType<TextContent>().Select(t => t.Text).Should().Equal("Shift lead: Jo", "Q");
    }

    [Fact]
    public async Task Documents_with_ids_are_sent_in_id_order()
    {
        Replies(1);
        using var orderer = new PrefixOrderingChatClient(_inner);
        List<ChatMessage> request =
        [
            new(ChatRole.System, s_instructions),
            new(ChatRole.User,
            [
                new TextContent("doc C").AsPromptDocument("c"),
                new TextContent("doc A").AsPromptDocument("a"),
                new TextContent("doc B").AsPromptDocument("b"),
                new TextContent("Which document mentions refunds?"),
            ]),
        ];

        var response = await orderer.GetResponseAsync(request);

        _inner.Calls.Single().Messages[1].Contents.OfType<TextContent>().Select(t => t.Text)
            .Should().Equal("doc A", "doc B", "doc C", "Which document mentions refunds?");
        response.GetPrefixOrderingReport()!.DocumentsReordered.Should().BeTrue();
    }

    [Fact]
    public async Task A_line_learned_as_volatile_on_a_route_is_moved_from_then_on()
    {
        Replies(3);
        using var orderer = new PrefixOrderingChatClient(_inner);
        List<ChatMessage> Ask(string shard) => [new(ChatRole.System, $"Shard: {shard}\n{s_instructions}"), new(ChatRole.User, "Q")];

        await orderer.GetResponseAsync(Ask("blue-fox"));
        await orderer.GetResponseAsync(Ask("red-owl"));
        var third = await orderer.GetResponseAsync(Ask("green-elk"));

        _inner.Calls[1].Messages[0].Text.Should().StartWith("Shard: red-owl");
        _inner.Calls[2].Messages[0].Text.Should().Be(s_instructions);
        third.GetPrefixOrderingReport()!.Findings.Should().ContainSingle().Which.Kind.Should().Be(VolatileKind.Learned);
        orderer.Detector.GetLearnedPrefixes("gpt-4o").Should().Equal("Shard: ");
    }

    [Fact]
    public async Task Volatile_content_near_the_start_of_a_route_is_logged_once_by_kind_and_position_without_text()
    {
        Replies(2);
        var logs = new FakeLogCollector();
        using var orderer = new PrefixOrderingChatClient(_inner, loggerFactory: LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs))));

        await orderer.GetResponseAsync(Request("2026-03-02T09:00:00Z", "u-1", "Q"));
        await orderer.GetResponseAsync(Request("2026-03-02T09:00:09Z", "u-2", "Q"));

        var record = logs.GetSnapshot().Should().ContainSingle(r => r.Id.Name == "EarlyVolatileContent").Subject;
        record.Message.Should().Be("Route 'gpt-4o': volatile content (Timestamp) at token 8 of the prompt cuts the provider's cache short there. Moved: True.");
    }

    [Fact]
    public async Task Route_statistics_add_up_reported_cache_reads()
    {
        Replies(2, cached: 1_536);
        using var orderer = new PrefixOrderingChatClient(_inner);

        using (CostScope.Begin(route: "tutor"))
        {
            await orderer.GetResponseAsync(Request("2026-03-02T09:00:00Z", "u-1", "Q"));
            await orderer.GetResponseAsync(Request("2026-03-02T09:00:09Z", "u-2", "Q"));
        }

        var stats = orderer.GetStatistics()["tutor"];
        stats.Requests.Should().Be(2);
        stats.InputTokens.Should().Be(4_000);
        stats.CachedTokens.Should().Be(3_072);
        stats.CacheReadRatio.Should().Be(0.768);
    }

    [Fact]
    public async Task Breakpoints_are_planned_only_where_the_prefix_reaches_the_model_minimum()
    {
        var anthropic = new ScriptedChatClient(providerName: "anthropic", defaultModelId: "claude-haiku-4-5");
        anthropic.ThenReply("ok", null).ThenReply("ok", null);
        var writer = new RecordingWriter();
        var options = new PrefixOrderingOptions { StableBlockCacheLifetime = PromptCacheLifetime.OneHour };
        options.CacheHintWriters.Add(writer);
        using var orderer = new PrefixOrderingChatClient(anthropic, options);
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, s_instructions),
            new(ChatRole.User, "First question " + string.Join(' ', Enumerable.Repeat("context", 3_000))),
            new(ChatRole.Assistant, "First answer"),
            new(ChatRole.User, "Second question"),
        ];

        await orderer.GetResponseAsync(conversation);
        await orderer.GetResponseAsync([new(ChatRole.System, "Short system prompt."), new(ChatRole.User, "Q")]);

        // claude-haiku-4-5 caches nothing below 4,096 tokens: the system prompt alone is too short; with the history it is not.
        int systemTokens = TiktokenTokenCounter.TokensPerMessage + 1 + TiktokenTokenCounter.O200kBase.CountTokens(s_instructions);
        systemTokens.Should().BeLessThan(4_096);
        var plan = writer.Plans[0];
        plan.Breakpoints.Should().ContainSingle().Which.Should().Be(new CacheBreakpoint(2, 0, plan.StablePrefixTokens, PromptCacheLifetime.FiveMinutes));
        plan.StablePrefixTokens.Should().BeGreaterThan(4_096);
        writer.Plans[1].Breakpoints.Should().BeEmpty();
    }

    [Fact]
    public async Task Breakpoints_can_be_kept_for_prefixes_seen_before_so_one_off_requests_pay_no_write_premium()
    {
        var anthropic = new ScriptedChatClient(providerName: "anthropic", defaultModelId: "claude-sonnet-4-5");
        anthropic.ThenReply("ok", null).ThenReply("ok", null).ThenReply("ok", null);
        var writer = new RecordingWriter();
        var options = new PrefixOrderingOptions { WriteCacheOnlyForRepeatedPrefixes = true };
        options.CacheHintWriters.Add(writer);
        using var orderer = new PrefixOrderingChatClient(anthropic, options);

        await orderer.GetResponseAsync(Request("2026-03-02T09:00:00Z", "u-1", "Q1"));
        await orderer.GetResponseAsync(Request("2026-03-02T09:00:09Z", "u-2", "Q2"));
        await orderer.GetResponseAsync([new(ChatRole.System, "Another prompt. " + s_instructions), new(ChatRole.User, "Q3")]);

        writer.Plans.Select(p => p.Breakpoints.Count).Should().Equal(0, 1, 0);
    }

    [Fact]
    public async Task Long_lived_breakpoints_come_before_five_minute_ones()
    {
        var anthropic = new ScriptedChatClient(providerName: "anthropic", defaultModelId: "claude-sonnet-4-5");
        anthropic.ThenReply("ok", null);
        var writer = new RecordingWriter();
        var options = new PrefixOrderingOptions { StableBlockCacheLifetime = PromptCacheLifetime.OneHour };
        options.CacheHintWriters.Add(writer);
        using var orderer = new PrefixOrderingChatClient(anthropic, options);
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, s_instructions),
            new ChatMessage(ChatRole.User, "Example question").WithStability(PromptStability.Stable),
            new ChatMessage(ChatRole.Assistant, "Example answer").WithStability(PromptStability.Stable),
            new(ChatRole.User, "Earlier question"),
            new(ChatRole.Assistant, "Earlier answer"),
            new(ChatRole.User, "Now this"),
        ];

        await orderer.GetResponseAsync(conversation);

        writer.Plans.Single().Breakpoints.Select(b => (b.MessageIndex, b.Lifetime)).Should().Equal(
            (0, PromptCacheLifetime.OneHour), (2, PromptCacheLifetime.OneHour), (4, PromptCacheLifetime.FiveMinutes));
    }

    [Fact]
    public async Task A_conversation_list_reused_across_turns_is_never_changed_and_never_carries_more_than_four_breakpoints()
    {
        var anthropic = new ScriptedChatClient(providerName: "anthropic", defaultModelId: "claude-sonnet-4-5");
        var options = new PrefixOrderingOptions();
        options.CacheHintWriters.Add(new AnthropicCacheHintWriter());
        using var orderer = new PrefixOrderingChatClient(anthropic, options);
        var history = new List<ChatMessage> { new(ChatRole.System, s_instructions) };
        var userPlaced = new TextContent("Keep this cached too.");
        userPlaced.AdditionalProperties = new() { [AnthropicCacheHintWriter.CacheControlKey] = new Anthropic.Models.Messages.CacheControlEphemeral() };
        history.Add(new ChatMessage(ChatRole.User, [userPlaced]));
        history.Add(new ChatMessage(ChatRole.Assistant, "Noted."));

        for (int turn = 1; turn <= 6; turn++)
        {
            anthropic.ThenReply($"answer {turn}", null);
            history.Add(new ChatMessage(ChatRole.User, $"question {turn} " + string.Join(' ', Enumerable.Repeat("detail", 400))));
            var snapshot = history.ToList();

            var response = await orderer.GetResponseAsync(history);

            history.Should().Equal(snapshot);
            history.SelectMany(m => m.Contents).Count(c => c.AdditionalProperties?.ContainsKey(AnthropicCacheHintWriter.CacheControlKey) == true)
                .Should().Be(1, "only the mark the application placed itself");
            int sent = anthropic.Calls[^1].Messages.SelectMany(m => m.Contents)
                .Count(c => c.AdditionalProperties?.ContainsKey(AnthropicCacheHintWriter.CacheControlKey) == true);
            sent.Should().BeInRange(2, PrefixOrderingOptions.MaximumCacheBreakpointsPerRequest);
            history.AddRange(response.Messages);
        }
    }

    private static IEnumerable<string> Lines(IEnumerable<ChatMessage> messages) =>
        messages.SelectMany(m => m.Contents.OfType<TextContent>()).SelectMany(t => t.Text.Split('\n'));

    private sealed class RecordingWriter : IPromptCacheHintWriter
    {
        public List<PromptCachePlan> Plans { get; } = [];

        public string ProviderName => "anthropic";

        public PromptCacheRules Rules => PromptCacheRules.Anthropic;

        public void Write(PromptCachePlan plan, IList<ChatMessage> messages, ChatOptions options) => Plans.Add(plan);
    }
}
