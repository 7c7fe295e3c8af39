using System.Diagnostics.Metrics;
using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CostAware.Tests.Context;

public sealed class ContextPruningChatClientTests : IDisposable
{
    private const string Nine = "one two three four five six seven eight nine";

    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    // Word-counted: system 4, each nine-word message 10, the current question 3; 67 in all. A tool call costs 6
    // (its name, and its arguments serialized indented: four words), a result one plus its words.
    private static List<ChatMessage> ThreeTurnsAndAQuestion() =>
    [
        new(ChatRole.System, "you are helpful"),
        new(ChatRole.User, Words("u1")),
        new(ChatRole.Assistant, Words("a1")),
        new(ChatRole.User, Words("u2")),
        new(ChatRole.Assistant, Words("a2")),
        new(ChatRole.User, Words("u3")),
        new(ChatRole.Assistant, Words("a3")),
        new(ChatRole.User, "question now"),
    ];

    private static string Words(string first) => first + " two three four five six seven eight nine";

    private static ChatMessage Call(string id, string name, string query) =>
        new(ChatRole.Assistant, [new FunctionCallContent(id, name, new Dictionary<string, object?> { ["q"] = query })]);

    private static ChatMessage Result(string id, string text) =>
        new(ChatRole.Tool, [new FunctionResultContent(id, text)]);

    private ContextPruningChatClient Create(IChatClient inner, Action<ContextPruningOptions>? configure = null, PriceCatalog? catalog = null)
    {
        var options = new ContextPruningOptions { TokenCounter = WordTokenCounter.Instance, MaximumInputTokens = 50 };
        configure?.Invoke(options);
        return new ContextPruningChatClient(inner, options, catalog, meterFactory: _meters);
    }

    private static ScriptedChatClient Replying(int times = 1)
    {
        var inner = new ScriptedChatClient(defaultModelId: "tiny-model");
        for (int i = 0; i < times; i++)
        {
            inner.ThenReply("fine", usage: null);
        }

        return inner;
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_request_within_its_budget_is_sent_unchanged(bool streaming)
    {
        var inner = Replying();
        var messages = ThreeTurnsAndAQuestion();
        using var client = Create(inner, o => o.MaximumInputTokens = 67);

        var response = await Modes.GetAsync(client, streaming, messages);

        inner.Calls[0].Messages.Should().Equal(messages);
        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 67, InputTokensBefore = 67, InputTokensAfter = 67, BudgetMet = true });
        response.GetPruningReport()!.Pruned.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Oldest_turns_are_dropped_whole_until_the_budget_is_met_keeping_the_system_prompt_and_last_turns(bool streaming)
    {
        var inner = Replying();
        var messages = ThreeTurnsAndAQuestion();
        using var client = Create(inner);

        var response = await Modes.GetAsync(client, streaming, messages);

        inner.Calls[0].Messages.Should().Equal(messages[0], messages[3], messages[4], messages[5], messages[6], messages[7]);
        var report = response.GetPruningReport()!;
        report.Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 50, InputTokensBefore = 67, InputTokensAfter = 47, MessagesDropped = 2, BudgetMet = true });
        report.TokensRemoved.Should().Be(20);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Pinned_messages_are_kept_when_their_turn_is_dropped(bool streaming)
    {
        var inner = Replying();
        var messages = ThreeTurnsAndAQuestion();
        messages[1].WithStability(PromptStability.Pinned);
        using var client = Create(inner);

        var response = await Modes.GetAsync(client, streaming, messages);

        inner.Calls[0].Messages.Should().Equal(messages[0], messages[1], messages[5], messages[6], messages[7]);
        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 50, InputTokensBefore = 67, InputTokensAfter = 37, MessagesDropped = 3, BudgetMet = true });
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_large_older_tool_result_is_shortened_to_its_head_and_tail_with_a_marker(bool streaming)
    {
        var inner = Replying();
        string thirty = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}"));
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "you are helpful"),
            new(ChatRole.User, Nine),
            Call("c1", "search", "x"),
            Result("c1", thirty),
            new(ChatRole.Assistant, "done"),
            new(ChatRole.User, Nine),
            new(ChatRole.Assistant, Nine),
            new(ChatRole.User, "question now"),
        ];
        using var client = Create(inner, o => { o.MaximumInputTokens = 61; o.MaximumToolResultTokens = 10; });

        var response = await Modes.GetAsync(client, streaming, messages);

        var sent = inner.Calls[0].Messages;
        sent.Should().HaveCount(8);
        var shortened = sent[3].Contents.Should().ContainSingle().Which.Should().BeOfType<FunctionResultContent>().Subject;
        shortened.CallId.Should().Be("c1");
        shortened.Result.Should().Be("w1 w2 w3 w4 w5\n[… 20 tokens removed …]\nw26 w27 w28 w29 w30");
        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 61, InputTokensBefore = 76, InputTokensAfter = 61, MessagesShortened = 1, BudgetMet = true });

        // The caller's message is untouched.
        ((FunctionResultContent)messages[3].Contents[0]).Result.Should().Be(thirty);
        sent[3].Should().NotBeSameAs(messages[3]);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_tool_call_repeated_later_with_the_same_arguments_is_removed_with_its_result(bool streaming)
    {
        var inner = Replying();
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "you are helpful"),
            new(ChatRole.User, Nine),
            Call("c1", "search", "x"),
            Result("c1", "old result text here"),
            new(ChatRole.Assistant, "ok"),
            new(ChatRole.User, Nine),
            Call("c2", "search", "x"),
            Result("c2", "new result words"),
            new(ChatRole.Assistant, "ok"),
            new(ChatRole.User, "current"),
        ];
        using var client = Create(inner, o => o.MaximumInputTokens = 40);

        var response = await Modes.GetAsync(client, streaming, messages);

        inner.Calls[0].Messages.Should().Equal(messages[0], messages[1], messages[4], messages[5], messages[6], messages[7], messages[8], messages[9]);
        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 40, InputTokensBefore = 51, InputTokensAfter = 40, MessagesDropped = 2, SupersededToolCallsRemoved = 1, BudgetMet = true });
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_call_with_different_arguments_is_not_superseded_and_its_turn_is_dropped_whole(bool streaming)
    {
        var inner = Replying();
        List<ChatMessage> messages =
        [
            new(ChatRole.User, Nine),
            Call("c1", "search", "x"),
            Result("c1", "old result text here"),
            new(ChatRole.User, Nine),
            Call("c2", "search", "y"),
            Result("c2", "new result words"),
            new(ChatRole.User, "current"),
        ];
        using var client = Create(inner, o => o.MaximumInputTokens = 30);

        var response = await Modes.GetAsync(client, streaming, messages);

        inner.Calls[0].Messages.Should().Equal(messages[3], messages[4], messages[5], messages[6]);
        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 30, InputTokensBefore = 43, InputTokensAfter = 22, MessagesDropped = 3, BudgetMet = true });
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Older_turns_are_summarized_once_and_the_summaries_reused_on_later_requests(bool streaming)
    {
        var summarizer = new ScriptedChatClient().ThenReply("S1", usage: null).ThenReply("S2", usage: null);
        var inner = Replying(times: 2);
        var messages = ThreeTurnsAndAQuestion();
        using var client = Create(inner, o => o.Summarizer = summarizer);

        var first = await Modes.GetAsync(client, streaming, messages);

        var sent = inner.Calls[0].Messages;
        sent.Select(m => m.Text).Should().Equal("you are helpful", "[Summary of an earlier turn] S1", "[Summary of an earlier turn] S2", Words("u3"), Words("a3"), "question now");
        sent[1].Role.Should().Be(ChatRole.Assistant);
        first.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 50, InputTokensBefore = 67, InputTokensAfter = 41, MessagesSummarized = 4, BudgetMet = true });
        summarizer.Calls[0].Messages[1].Text.Should().Be($"user: {Words("u1")}\nassistant: {Words("a1")}\n");

        // The conversation grows by a turn: turns 1 and 2 are summarized again, from the cache.
        List<ChatMessage> next = [.. messages, new(ChatRole.Assistant, "answer four"), new(ChatRole.User, "next question")];
        var second = await Modes.GetAsync(client, streaming, next);

        summarizer.Calls.Should().HaveCount(2);
        inner.Calls[1].Messages.Select(m => m.Text).Should().Equal("you are helpful", "[Summary of an earlier turn] S1", "[Summary of an earlier turn] S2", Words("u3"), Words("a3"), "question now", "answer four", "next question");
        inner.Calls[1].Messages[1].Should().BeSameAs(sent[1]);
        second.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 50, InputTokensBefore = 73, InputTokensAfter = 47, MessagesSummarized = 4, BudgetMet = true });
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task When_even_the_kept_messages_exceed_the_budget_the_request_is_sent_and_the_report_says_so(bool streaming)
    {
        var inner = Replying();
        var messages = ThreeTurnsAndAQuestion();
        using var client = Create(inner, o => { o.MaximumInputTokens = 10; o.RecentTurnsKept = 1; });
        using var notMet = new MetricCollector<long>(_meters.Meters.Single(), ContextTelemetry.BudgetNotMetInstrument);

        var response = await Modes.GetAsync(client, streaming, messages);

        // With one turn kept, everything but the system prompt and the current turn can go: 4 + 3 tokens.
        inner.Calls[0].Messages.Should().Equal(messages[0], messages[7]);
        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 10, InputTokensBefore = 67, InputTokensAfter = 7, MessagesDropped = 6, BudgetMet = true });

        using var tight = Create(Replying(), o => { o.MaximumInputTokens = 6; o.RecentTurnsKept = 1; });
        var unmet = await Modes.GetAsync(tight, streaming, messages);
        unmet.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 6, InputTokensBefore = 67, InputTokensAfter = 7, MessagesDropped = 6, BudgetMet = false });
        notMet.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_current_turn_is_sent_whole_even_when_it_alone_exceeds_the_budget(bool streaming)
    {
        var inner = Replying();
        List<ChatMessage> messages = [new(ChatRole.System, "you are helpful"), new(ChatRole.User, Nine + " " + Nine)];
        using var client = Create(inner, o => o.MaximumInputTokens = 5);
        using var notMet = new MetricCollector<long>(_meters.Meters.Single(), ContextTelemetry.BudgetNotMetInstrument);

        var response = await Modes.GetAsync(client, streaming, messages);

        inner.Calls[0].Messages.Should().Equal(messages);
        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 5, InputTokensBefore = 23, InputTokensAfter = 23, BudgetMet = false });
        notMet.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Without_an_absolute_budget_the_budget_is_a_share_of_the_models_context_window(bool streaming)
    {
        var inner = Replying();
        var catalog = new PriceCatalog([new ModelPrice { ModelId = "tiny-model", InputPerMillion = 1, OutputPerMillion = 1, MaxInputTokens = 80 }]);
        using var client = Create(inner, o => { o.MaximumInputTokens = null; o.ContextWindowShare = 0.625; }, catalog);

        var response = await Modes.GetAsync(client, streaming, ThreeTurnsAndAQuestion());

        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 50, InputTokensBefore = 67, InputTokensAfter = 47, MessagesDropped = 2, BudgetMet = true });
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_model_without_a_known_context_window_is_sent_unchanged_without_a_report(bool streaming)
    {
        var inner = Replying();
        var messages = ThreeTurnsAndAQuestion();
        using var client = Create(inner, o => o.MaximumInputTokens = null, PriceCatalog.BuiltIn);

        var response = await Modes.GetAsync(client, streaming, messages, new ChatOptions { ModelId = "no-such-model-anywhere" });

        inner.Calls[0].Messages.Should().Equal(messages);
        response.GetPruningReport().Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Removed_tokens_and_messages_are_recorded_as_metrics(bool streaming)
    {
        using var client = Create(Replying());
        var meter = _meters.Meters.Single();
        using var removed = new MetricCollector<long>(meter, ContextTelemetry.TokensRemovedInstrument);
        using var changed = new MetricCollector<long>(meter, ContextTelemetry.MessagesInstrument);

        await Modes.GetAsync(client, streaming, ThreeTurnsAndAQuestion());

        removed.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(20);
        var dropped = changed.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        dropped.Value.Should().Be(2);
        dropped.Tags[ContextTelemetry.ActionTag].Should().Be("dropped");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_builder_extension_adds_the_pruner(bool streaming)
    {
        var inner = Replying();
        using var client = new ChatClientBuilder(inner)
            .UseContextPruning(o => { o.TokenCounter = WordTokenCounter.Instance; o.MaximumInputTokens = 50; })
            .Build();

        var response = await Modes.GetAsync(client, streaming, ThreeTurnsAndAQuestion());

        response.GetPruningReport()!.InputTokensAfter.Should().Be(47);
        client.GetService<ContextPruningChatClient>().Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task In_an_agent_run_earlier_steps_tool_results_are_shortened_unless_disabled_and_never_the_latest_steps(bool streaming)
    {
        string thirty = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}"));
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "do the task"),
            Call("c1", "search", "x"),
            Result("c1", thirty),
            Call("c2", "fetch", "y"),
            Result("c2", thirty),
            Call("c3", "calc", "z"),
            Result("c3", thirty),
        ];

        var whole = Replying();
        using var keepWhole = Create(whole, o => { o.MaximumInputTokens = 90; o.MaximumToolResultTokens = 10; o.RecentTurnsKept = 1; o.ReduceToolResultsInRecentTurns = false; });
        var unchanged = await Modes.GetAsync(keepWhole, streaming, messages);
        whole.Calls[0].Messages.Should().Equal(messages);
        unchanged.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 90, InputTokensBefore = 115, InputTokensAfter = 115, BudgetMet = false });

        var inner = Replying();
        using var client = Create(inner, o => { o.MaximumInputTokens = 90; o.MaximumToolResultTokens = 10; o.RecentTurnsKept = 1; o.ReduceToolResultsInRecentTurns = true; });
        var response = await Modes.GetAsync(client, streaming, messages);

        var sent = inner.Calls[0].Messages;
        sent.Should().HaveCount(7);
        sent[2].Text.Should().BeEmpty();
        ((FunctionResultContent)sent[2].Contents[0]).Result.Should().Be("w1 w2 w3 w4 w5\n[… 20 tokens removed …]\nw26 w27 w28 w29 w30");
        ((FunctionResultContent)sent[4].Contents[0]).Result.Should().Be("w1 w2 w3 w4 w5\n[… 20 tokens removed …]\nw26 w27 w28 w29 w30");
        sent[6].Should().BeSameAs(messages[6]);
        response.GetPruningReport().Should().BeEquivalentTo(new ContextPruningReport { BudgetTokens = 90, InputTokensBefore = 115, InputTokensAfter = 85, MessagesShortened = 2, BudgetMet = true });
    }

    [Theory]
    [InlineData(nameof(ContextPruningOptions.RecentTurnsKept))]
    [InlineData(nameof(ContextPruningOptions.MaximumToolResultTokens))]
    [InlineData(nameof(ContextPruningOptions.ContextWindowShare))]
    [InlineData(nameof(ContextPruningOptions.MaximumInputTokens))]
    [InlineData(nameof(ContextPruningOptions.MaximumSummaryTokens))]
    public void An_option_out_of_range_is_rejected_by_name(string option)
    {
        var options = new ContextPruningOptions();
        switch (option)
        {
            case nameof(ContextPruningOptions.RecentTurnsKept): options.RecentTurnsKept = 0; break;
            case nameof(ContextPruningOptions.MaximumToolResultTokens): options.MaximumToolResultTokens = 1; break;
            case nameof(ContextPruningOptions.ContextWindowShare): options.ContextWindowShare = 1.5; break;
            case nameof(ContextPruningOptions.MaximumInputTokens): options.MaximumInputTokens = 0; break;
            default: options.MaximumSummaryTokens = 0; break;
        }

        var act = () => new ContextPruningChatClient(new ScriptedChatClient(), options);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be($"options.{option}");
    }
}
