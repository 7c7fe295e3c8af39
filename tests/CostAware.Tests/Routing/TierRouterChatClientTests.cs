using System.Text.Json;
using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Tests.Routing;

public class TierRouterChatClientTests
{
    private readonly ScriptedChatClient _small = new(providerName: "openai", defaultModelId: "gpt-4o-mini");
    private readonly ScriptedChatClient _frontier = new(providerName: "openai", defaultModelId: "gpt-4o");
    private readonly FakeLogCollector _logs = new();
    private readonly TestMeterFactory _meters = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
    private double _score;

    private static UsageDetails Usage => new() { InputTokenCount = 1_000, CachedInputTokenCount = 0, OutputTokenCount = 200 };

    private static List<ChatMessage> Prompt(string text = "What is 17 * 3?") => [new(ChatRole.User, text)];

    private TierRouterChatClient Create(Action<TierRouterOptions>? configure = null, IChatClient? smallClient = null, IChatClient? frontierClient = null)
    {
        var options = new TierRouterOptions
        {
            // Configured strongest first on purpose: the router orders tiers by price.
            Classifier = DifficultyClassifier.FromDelegate(_ => _score),
            Thresholds = new RoutingThresholds([0.5], [0.7, 0.3]),
        };
        options.Tiers.Add(new ModelTier("frontier", "gpt-4o", frontierClient ?? Reply(_frontier)));
        options.Tiers.Add(new ModelTier("small", "gpt-4o-mini", smallClient ?? Reply(_small)));
        configure?.Invoke(options);
        return new TierRouterChatClient(options, catalog: PriceCatalog.BuiltIn,
            loggerFactory: LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Debug)),
            meterFactory: _meters, timeProvider: _time);
    }

    private static ScriptedChatClient Reply(ScriptedChatClient client, int times = 20)
    {
        for (int i = 0; i < times; i++)
        {
            client.Then((_, o) => new ChatResponse(new ChatMessage(ChatRole.Assistant, $"answer from {o?.ModelId}")) { Usage = Usage, ModelId = o?.ModelId });
        }

        return client;
    }

    [Fact]
    public void Tiers_are_ordered_cheapest_first_by_catalog_price()
    {
        using var router = Create();

        router.Tiers.Select(t => t.Name).Should().Equal("small", "frontier");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_low_score_goes_to_the_cheap_tier_and_a_high_score_to_the_strong_one(bool streaming)
    {
        using var router = Create();

        _score = 0.49;
        var easy = await Modes.GetAsync(router, streaming, Prompt());
        _score = 0.5;
        var hard = await Modes.GetAsync(router, streaming, Prompt(), new ChatOptions { ModelId = "caller-model" });

        easy.Text.Trim().Should().Be("answer from gpt-4o-mini");
        hard.Text.Trim().Should().Be("answer from gpt-4o");
        _small.Calls.Should().ContainSingle();
        _frontier.Calls.Should().ContainSingle().Which.Options!.ModelId.Should().Be("gpt-4o");

        var decision = easy.GetRouteDecision()!;
        decision.Tier.Should().Be("small");
        decision.ModelId.Should().Be("gpt-4o-mini");
        decision.TierIndex.Should().Be(0);
        decision.Score.Should().Be(0.49);
        decision.Reason.Should().Be(RouteReason.Score);
        decision.Excluded.Should().BeEmpty();

        var strong = hard.GetRouteDecision()!;
        strong.Tier.Should().Be("frontier");
        strong.ScoreTier.Should().Be("frontier");
        strong.Excluded.Should().Equal(new TierExclusion("small", TierExclusionReason.BelowDifficulty, "score 0.5 is at or above its cut point 0.5"));
        strong.Explanation.Should().Be("frontier (gpt-4o) by Score, score 0.5; left out: small (BelowDifficulty: score 0.5 is at or above its cut point 0.5)");
    }

    [Fact]
    public async Task The_first_streamed_update_carries_the_decision_and_the_tier_receives_it_with_a_correlation()
    {
        using var router = Create();
        _score = 0.1;

        var updates = await router.GetStreamingResponseAsync(Prompt()).ToListAsync();

        updates[0].GetRouteDecision()!.Tier.Should().Be("small");
        updates.Skip(1).Should().OnlyContain(u => u.GetRouteDecision() == null);
        var received = _small.Calls.Single().Options!;
        received.AdditionalProperties![RouteDecision.ResponseKey].Should().BeSameAs(updates[0].GetRouteDecision());
        received.AdditionalProperties.Should().NotContainKey("costaware.router.decision_box");
        CallCorrelation.From(received)!.Tier.Should().Be("small");
    }

    [Fact]
    public async Task The_callers_options_are_not_changed()
    {
        using var router = Create();
        _score = 0.9;
        var options = new ChatOptions { ModelId = "mine", AdditionalProperties = new() { ["k"] = "v" } };

        await router.GetResponseAsync(Prompt(), options);

        options.ModelId.Should().Be("mine");
        options.AdditionalProperties.Should().ContainSingle().Which.Key.Should().Be("k");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_metered_tier_records_the_decision_in_its_ledger_entry(bool streaming)
    {
        var ledger = new InMemoryCostLedger();
        using var router = Create(smallClient: new TokenMeterChatClient(Reply(_small), PriceCatalog.BuiltIn, ledger));
        _score = 0.2;

        var response = await Modes.GetAsync(router, streaming, Prompt(), new ChatOptions().WithCostAttribution(new CostAttribution { Route = "/chat" }));

        var entry = ledger.GetEntries().Should().ContainSingle().Subject;
        entry.RouteDecision.Should().BeSameAs(response.GetRouteDecision());
        entry.ModelId.Should().Be("gpt-4o-mini");
        entry.Attribution.Route.Should().Be("/chat");
        entry.Correlation!.Tier.Should().Be("small");
        entry.CostUsd.Should().Be(0.00027m); // 1,000 × $0.15/M + 200 × $0.60/M
    }

    [Fact]
    public async Task A_request_with_tools_skips_a_tier_without_tool_calling()
    {
        using var router = Create(o => o.Tiers.Single(t => t.Name == "small").Capabilities.Tools = false);
        _score = 0.1;
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 42, "answer")] };

        var response = await router.GetResponseAsync(Prompt(), options);
        var withoutTools = await router.GetResponseAsync(Prompt(), new ChatOptions { Tools = options.Tools, ToolMode = ChatToolMode.None });

        var decision = response.GetRouteDecision()!;
        decision.Tier.Should().Be("frontier");
        decision.Reason.Should().Be(RouteReason.Capability);
        decision.ScoreTier.Should().Be("small");
        decision.Excluded.Should().Equal(new TierExclusion("small", TierExclusionReason.Tools, "the request offers tools; the tier cannot call them"));
        withoutTools.GetRouteDecision()!.Tier.Should().Be("small");
    }

    [Fact]
    public async Task Images_a_json_schema_and_an_output_limit_each_need_a_capable_tier()
    {
        using var router = Create(o =>
        {
            var caps = o.Tiers.Single(t => t.Name == "small").Capabilities;
            caps.Vision = false;
            caps.StructuredOutput = false;
            caps.MaxOutputTokens = 4_096;
        });
        _score = 0;
        List<ChatMessage> image = [new(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")])];
        var schema = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object"}""").RootElement) };

        var vision = (await router.DecideAsync(image)).Excluded.Single();
        var structured = (await router.DecideAsync(Prompt(), schema)).Excluded.Single();
        var output = (await router.DecideAsync(Prompt(), new ChatOptions { MaxOutputTokens = 8_000 })).Excluded.Single();
        var plainJson = await router.DecideAsync(Prompt(), new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        vision.Should().Be(new TierExclusion("small", TierExclusionReason.Vision, "the request holds images; the tier does not accept them"));
        structured.Reason.Should().Be(TierExclusionReason.StructuredOutput);
        output.Should().Be(new TierExclusion("small", TierExclusionReason.OutputLimit, "asks for up to 8,000 output tokens; the model produces at most 4,096"));
        plainJson.Tier.Should().Be("small");
        router.GetStatistics().Requests.Should().Be(0, "DecideAsync is a dry run");
    }

    [Fact]
    public async Task A_prompt_that_does_not_fit_the_cheap_window_goes_up_counted_exactly_near_the_limit()
    {
        using var router = Create(o => o.Tiers.Single(t => t.Name == "small").Capabilities.ContextWindow = 1_000);
        _score = 0;
        string words = string.Join(' ', Enumerable.Repeat("cat", 600)); // " cat" is one o200k token
        int exact = TiktokenTokenCounter.O200kBase.CountPromptTokens(Prompt(words));

        var tooLong = await router.DecideAsync(Prompt(words));
        var fits = await router.DecideAsync(Prompt(words), new ChatOptions { MaxOutputTokens = 1_000 - exact });
        var fitsNot = await router.DecideAsync(Prompt(words), new ChatOptions { MaxOutputTokens = 1_000 - exact + 1 });

        exact.Should().Be(607);
        tooLong.Tier.Should().Be("small", "600 words fit a 1,000-token window although 2,399 characters might not");
        fits.Tier.Should().Be("small");
        fitsNot.Tier.Should().Be("frontier");
        fitsNot.Excluded.Single().Should().Be(new TierExclusion("small", TierExclusionReason.ContextWindow, "needs 607 prompt tokens plus 394 output; the window is 1,000"));
    }

    [Fact]
    public async Task The_catalog_limits_apply_when_capabilities_leave_them_open()
    {
        using var router = Create(o => o.Tiers.Single(t => t.Name == "frontier").ModelId = "gpt-4.1");
        _score = 0;

        var decision = await router.DecideAsync(Prompt(), new ChatOptions { MaxOutputTokens = 20_000 });

        decision.Tier.Should().Be("frontier", "gpt-4o-mini produces at most 16,384 tokens, gpt-4.1 32,768");
        decision.Excluded.Single().Reason.Should().Be(TierExclusionReason.OutputLimit);
    }

    [Fact]
    public async Task When_no_stronger_tier_fits_the_strongest_cheaper_one_that_does_is_chosen()
    {
        using var router = Create(o => o.Tiers.Single(t => t.Name == "frontier").Capabilities.Vision = false);
        _score = 0.9;
        List<ChatMessage> image = [new(ChatRole.User, [new UriContent("https://example.invalid/cat.png", "image/png")])];

        var decision = await router.DecideAsync(image);

        decision.Tier.Should().Be("small");
        decision.Reason.Should().Be(RouteReason.FallbackToCheaper);
        decision.Excluded.Should().ContainSingle().Which.Tier.Should().Be("frontier");
    }

    [Fact]
    public async Task A_request_no_tier_can_handle_fails_with_every_reason()
    {
        using var router = Create(o =>
        {
            foreach (var tier in o.Tiers)
            {
                tier.Capabilities.Tools = false;
            }
        });

        var act = () => router.GetResponseAsync(Prompt(), new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] });

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage(
            "No configured tier can handle the request: small (Tools: the request offers tools; the tier cannot call them); frontier (Tools: the request offers tools; the tier cannot call them).");
        _small.Calls.Should().BeEmpty();
        _frontier.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_quality_floor_that_removes_every_cheaper_tier_is_reported_counted_and_warned_once()
    {
        using var router = Create(o =>
        {
            o.Tiers.Single(t => t.Name == "small").QualityHint = 0.6;
            o.Tiers.Single(t => t.Name == "frontier").QualityHint = 0.95;
            o.MinimumQuality = 0.8;
        });
        using var floorCounter = new MetricCollector<long>(_meters.Meters.Single(), CostAwareTelemetry.RouterQualityFloorInstrument);
        _score = 0;

        var first = await router.GetResponseAsync(Prompt());
        await router.GetResponseAsync(Prompt());
        var relaxed = await router.GetResponseAsync(Prompt(), new ChatOptions().WithMinimumQuality(0.5));

        var decision = first.GetRouteDecision()!;
        decision.Tier.Should().Be("frontier");
        decision.Reason.Should().Be(RouteReason.Capability);
        decision.QualityFloorExcludedAllCheaperTiers.Should().BeTrue();
        decision.Excluded.Should().Equal(new TierExclusion("small", TierExclusionReason.QualityFloor, "quality hint 0.6 is below the floor 0.8"));
        relaxed.GetRouteDecision()!.Tier.Should().Be("small");
        relaxed.GetRouteDecision()!.QualityFloorExcludedAllCheaperTiers.Should().BeFalse();
        floorCounter.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(1, 1);
        _logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message).Should().Equal(
            "The quality floor 0.8 leaves out every tier cheaper than 'frontier'; requests under it cannot be routed to a cheaper model.");
    }

    [Fact]
    public async Task A_request_can_name_its_tier()
    {
        using var router = Create();
        _score = 0;

        var response = await router.GetResponseAsync(Prompt(), new ChatOptions().WithRoutingTier("frontier"));
        var unknown = () => router.GetResponseAsync(Prompt(), new ChatOptions().WithRoutingTier("huge"));

        var decision = response.GetRouteDecision()!;
        decision.Tier.Should().Be("frontier");
        decision.Reason.Should().Be(RouteReason.Forced);
        decision.Score.Should().BeNull();
        decision.Excluded.Should().Equal(new TierExclusion("small", TierExclusionReason.Forced, "the request named 'frontier'"));
        (await unknown.Should().ThrowAsync<ArgumentException>()).WithMessage(
            "The request names tier 'huge' (costaware.router.tier), which is not configured; the tiers are small, frontier.*");
    }

    [Fact]
    public async Task Sticky_conversations_stay_on_their_first_tier_unless_a_turn_needs_more_and_expire()
    {
        using var router = Create(o =>
        {
            o.ConversationStickiness = true;
            o.StickinessDuration = TimeSpan.FromMinutes(30);
            o.Tiers.Single(t => t.Name == "small").Capabilities.Tools = false;
        });
        List<ChatMessage> turn1 = [new(ChatRole.System, "You are terse."), new(ChatRole.User, "Hi, I need help with a budget.")];
        List<ChatMessage> turn2 = [.. turn1, new(ChatRole.Assistant, "Sure."), new(ChatRole.User, "Prove that my budget is optimal.")];

        _score = 0.1;
        var first = await router.DecideAsync(turn1);
        await router.GetResponseAsync(turn1);
        _score = 0.9;
        var second = (await router.GetResponseAsync(turn2)).GetRouteDecision()!;
        var other = (await router.GetResponseAsync([new(ChatRole.User, "Another conversation")])).GetRouteDecision()!;
        var withTools = (await router.GetResponseAsync(turn2, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] })).GetRouteDecision()!;
        var afterUpgrade = (await router.GetResponseAsync(turn2)).GetRouteDecision()!;
        _time.Advance(TimeSpan.FromMinutes(31));
        var expired = (await router.GetResponseAsync(turn2)).GetRouteDecision()!;

        first.Tier.Should().Be("small");
        second.Tier.Should().Be("small");
        second.Reason.Should().Be(RouteReason.Sticky);
        second.ScoreTier.Should().Be("frontier");
        other.Tier.Should().Be("frontier", "a single request is never kept on another's tier");
        withTools.Tier.Should().Be("frontier");
        withTools.Reason.Should().Be(RouteReason.Capability);
        withTools.Excluded.Should().Equal(new TierExclusion("small", TierExclusionReason.Tools, "the request offers tools; the tier cannot call them"));
        afterUpgrade.Tier.Should().Be("small", "the turn that needed tools moved alone; the conversation stays on its first tier");
        afterUpgrade.Reason.Should().Be(RouteReason.Sticky);
        expired.Tier.Should().Be("frontier");
        expired.Reason.Should().Be(RouteReason.Score);
    }

    [Fact]
    public async Task Single_requests_that_open_alike_do_not_share_a_tier()
    {
        using var router = Create(o => o.ConversationStickiness = true);
        _score = 0.1;
        await router.GetResponseAsync(Prompt("Hello there!"), new ChatOptions().WithMinimumQuality(0.5));
        _score = 0.9;
        var again = (await router.GetResponseAsync(Prompt("Hello there!"))).GetRouteDecision()!;

        again.Tier.Should().Be("frontier");
        again.Reason.Should().Be(RouteReason.Score);
    }

    [Fact]
    public async Task A_stickiness_of_centuries_never_expires_rather_than_overflowing()
    {
        using var router = Create(o =>
        {
            o.ConversationStickiness = true;
            o.StickinessDuration = TimeSpan.MaxValue;
        });
        List<ChatMessage> turn1 = [new(ChatRole.User, "Hi")];
        _score = 0.1;
        await router.GetResponseAsync(turn1);
        _score = 0.9;
        _time.Advance(TimeSpan.FromDays(3_650));

        var later = (await router.GetResponseAsync([.. turn1, new(ChatRole.Assistant, "Hello"), new(ChatRole.User, "Prove it")])).GetRouteDecision()!;

        later.Tier.Should().Be("small");
        later.Reason.Should().Be(RouteReason.Sticky);
    }

    [Fact]
    public async Task The_conversation_id_keys_stickiness_when_given()
    {
        using var router = Create(o => o.ConversationStickiness = true);
        _score = 0.9;
        await router.GetResponseAsync(Prompt("first"), new ChatOptions { ConversationId = "c-1" });
        _score = 0.1;

        var sameConversation = (await router.GetResponseAsync(Prompt("different text"), new ChatOptions { ConversationId = "c-1" })).GetRouteDecision()!;
        var otherConversation = (await router.GetResponseAsync(Prompt("first"), new ChatOptions { ConversationId = "c-2" })).GetRouteDecision()!;

        sameConversation.Tier.Should().Be("frontier");
        otherConversation.Tier.Should().Be("small");
    }

    [Fact]
    public async Task Realised_shares_are_reported_and_a_drift_from_the_calibrated_share_is_warned_then_cleared()
    {
        using var router = Create(o =>
        {
            o.StatisticsWindow = 100;
            o.MinimumRequestsForDrift = 50;
            o.DriftTolerance = 0.1;
        });
        Reply(_small, 200);
        Reply(_frontier, 200);
        using var shares = new MetricCollector<double>(_meters.Meters.Single(), CostAwareTelemetry.RouterTierShareInstrument);
        using var requests = new MetricCollector<long>(_meters.Meters.Single(), CostAwareTelemetry.RouterRequestsInstrument);

        // 60% strong against a calibrated 30%.
        for (int i = 0; i < 50; i++)
        {
            _score = i % 5 < 3 ? 0.9 : 0.1;
            await router.GetResponseAsync(Prompt());
        }

        var drifting = router.GetStatistics();
        _score = 0.1;
        for (int i = 0; i < 50; i++)
        {
            await router.GetResponseAsync(Prompt());
        }

        var settled = router.GetStatistics();

        drifting.Requests.Should().Be(50);
        drifting.IsDrifting.Should().BeTrue();
        drifting.MaximumDrift.Should().BeApproximately(0.3, 1e-12);
        drifting.Tiers.Select(t => (t.Tier, t.Requests, t.WindowShare, t.TargetShare)).Should().Equal(("small", 20L, 0.4, (double?)0.7), ("frontier", 30L, 0.6, (double?)0.3));
        settled.IsDrifting.Should().BeFalse();
        settled.Tiers.Select(t => t.WindowShare).Should().Equal(0.7, 0.3);
        var warnings = _logs.GetSnapshot().Where(r => r.Id.Name is "RouterShareDrift" or "RouterShareBackInTolerance").Select(r => r.Message).ToList();
        warnings.Should().Equal(
            "Router drift: tier 'frontier' received 60.0 % of the last 50 requests against a calibrated 30.0 % (tolerance 10 %). The traffic no longer looks like the calibration sample; recalibrate the thresholds on recent prompts.",
            "Router shares are back within 10 % of their targets over the last 76 requests.");

        shares.RecordObservableInstruments();
        shares.GetMeasurementSnapshot().Select(m => (m.Tags[CostAwareTelemetry.TierTag], m.Value)).Should().Equal(("small", 0.7), ("frontier", 0.3));
        requests.GetMeasurementSnapshot().Where(m => (string?)m.Tags[CostAwareTelemetry.TierTag] == "frontier").Sum(m => m.Value).Should().Be(30);
        requests.GetMeasurementSnapshot().Should().OnlyContain(m => (string?)m.Tags[CostAwareTelemetry.RouteReasonTag] == "score");
    }

    [Fact]
    public async Task Tiers_without_a_client_use_the_keyed_service_or_the_pipeline_client_with_their_model()
    {
        var services = new ServiceCollection();
        services.AddKeyedChatClient("small", Reply(_small));
        var pipeline = Reply(new ScriptedChatClient(providerName: "openai"));
        services.AddChatClient(pipeline).UseTierRouter(o =>
        {
            o.Classifier = DifficultyClassifier.FromDelegate(_ => _score);
            o.Tiers.Add(new ModelTier("small", "gpt-4o-mini"));
            o.Tiers.Add(new ModelTier("frontier", "gpt-4o"));
        });
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        _score = 0.2;
        await client.GetResponseAsync(Prompt());
        _score = 0.8;
        await client.GetResponseAsync(Prompt());

        client.GetService<TierRouterChatClient>()!.Thresholds.CutPoints.Should().Equal(0.5);
        _small.Calls.Should().ContainSingle();
        pipeline.Calls.Should().ContainSingle().Which.Options!.ModelId.Should().Be("gpt-4o");
    }

    [Fact]
    public void Bad_configuration_is_rejected_with_what_is_wrong()
    {
        var noPrice = () => Create(o => o.Tiers.Add(new ModelTier("house", "house-model-9", _small)));
        var duplicate = () => Create(o => o.Tiers.Add(new ModelTier("small", "gpt-4o", _small)));
        var thresholds = () => Create(o => o.Thresholds = new RoutingThresholds([0.3, 0.6]));
        var oneTier = () => new TierRouterChatClient(new TierRouterOptions { Tiers = { new ModelTier("only", "gpt-4o", _small) } });
        var noClient = () => new TierRouterChatClient(new TierRouterOptions { Tiers = { new ModelTier("a", "gpt-4o"), new ModelTier("b", "gpt-4o-mini") } });

        noPrice.Should().Throw<ArgumentException>().WithMessage("Tier 'house': the price catalog has no price for model 'house-model-9'.*");
        duplicate.Should().Throw<ArgumentException>().WithMessage("Tier names must be unique; 'small' appears twice.*");
        thresholds.Should().Throw<ArgumentException>().WithMessage("The thresholds split scores between 3 tiers, but 2 are configured.*");
        oneTier.Should().Throw<ArgumentException>().WithMessage("The router needs at least two tiers; 1 configured.*");
        noClient.Should().Throw<ArgumentException>().WithMessage("Tier 'a' has no client: set ModelTier.Client, register a keyed IChatClient under 'a', or give the router a default client.*");
    }

    [Fact]
    public async Task A_classifier_score_out_of_range_is_an_error_naming_the_classifier()
    {
        using var router = Create();
        _score = 1.5;

        var act = () => router.GetResponseAsync(Prompt());

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("The difficulty classifier (the delegate given to DifficultyClassifier.FromDelegate) returned 1.5; scores must be between 0 and 1.");
    }

    [Fact]
    public async Task Changing_the_models_in_a_tier_changes_the_decisions()
    {
        // The same request and score: with the tiers' models swapped, the cheap tier is now the other one.
        _score = 0.1;
        using var router = Create(o =>
        {
            o.Tiers.Single(t => t.Name == "small").ModelId = "gpt-4.1";
            o.Tiers.Single(t => t.Name == "frontier").ModelId = "gpt-4.1-nano";
        });

        var decision = await router.DecideAsync(Prompt());

        router.Tiers.Select(t => t.Name).Should().Equal("frontier", "small");
        decision.Tier.Should().Be("frontier");
        decision.ModelId.Should().Be("gpt-4.1-nano");
    }

    [Fact]
    public async Task A_forced_tier_that_cannot_handle_the_request_moves_up_and_says_why()
    {
        var nano = Reply(new ScriptedChatClient(providerName: "openai", defaultModelId: "gpt-4.1-nano"));
        using var router = Create(o =>
        {
            o.Tiers.Add(new ModelTier("nano", "gpt-4.1-nano", nano));
            o.Thresholds = new RoutingThresholds([0.3, 0.6]);
            o.Tiers.Single(t => t.Name == "small").Capabilities.Tools = false;
        });

        var decision = await router.DecideAsync(Prompt(), new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] }.WithRoutingTier("small"));

        decision.Tier.Should().Be("frontier");
        decision.Reason.Should().Be(RouteReason.Capability);
        decision.Excluded.Should().Equal(
            new TierExclusion("nano", TierExclusionReason.Forced, "the request named 'small'"),
            new TierExclusion("small", TierExclusionReason.Tools, "the request offers tools; the tier cannot call them"));
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(0.5f, null)]
    [InlineData("0.5", null)]
    [InlineData("NaN", "ChatOptions.AdditionalProperties['costaware.router.minimum_quality'] is NaN (String); a quality floor must be a number from 0 to 1.*")]
    [InlineData(5.0, "ChatOptions.AdditionalProperties['costaware.router.minimum_quality'] is 5 (Double); a quality floor must be a number from 0 to 1.*")]
    [InlineData(true, "ChatOptions.AdditionalProperties['costaware.router.minimum_quality'] is True (Boolean); a quality floor must be a number from 0 to 1.*")]
    public async Task A_requests_quality_floor_is_any_number_from_zero_to_one(object floor, string? error)
    {
        using var router = Create();
        var options = new ChatOptions { AdditionalProperties = new() { [RoutingChatOptionsExtensions.MinimumQualityKey] = floor } };

        var act = () => router.DecideAsync(Prompt(), options).AsTask();

        if (error is null)
        {
            await act.Should().NotThrowAsync();
        }
        else
        {
            await act.Should().ThrowAsync<ArgumentException>().WithMessage(error);
        }
    }

    [Fact]
    public async Task Rare_characters_tools_and_instructions_count_against_the_window()
    {
        using var router = Create(o => o.Tiers.Single(t => t.Name == "small").Capabilities.ContextWindow = 1_020);
        _score = 0;
        string rare = string.Concat(Enumerable.Repeat("鼱龘鱻麤", 250)); // 1,000 characters, more than 2,000 tokens
        var longTool = AIFunctionFactory.Create(() => 1, "lookup", string.Concat(Enumerable.Repeat("Looks up one record by its key. ", 200)));

        var cjk = await router.DecideAsync(Prompt(rare));
        var tool = await router.DecideAsync(Prompt("hi"), new ChatOptions { Tools = [longTool] });
        var instructions = await router.DecideAsync(Prompt("hi"), new ChatOptions { Instructions = string.Concat(Enumerable.Repeat("Answer briefly. ", 400)) });

        int exact = TiktokenTokenCounter.O200kBase.CountPromptTokens(Prompt(rare));
        exact.Should().BeGreaterThan(2_000);
        cjk.Tier.Should().Be("frontier");
        cjk.Excluded.Single().Detail.Should().Be($"needs {exact:N0} prompt tokens plus 0 output; the window is 1,020");
        tool.Tier.Should().Be("frontier");
        instructions.Tier.Should().Be("frontier");
    }

    [Fact]
    public async Task Options_changed_after_the_router_is_built_do_not_change_it()
    {
        var options = new TierRouterOptions { Classifier = DifficultyClassifier.FromDelegate(_ => 0.1) };
        options.Tiers.Add(new ModelTier("small", "gpt-4o-mini", Reply(_small)));
        options.Tiers.Add(new ModelTier("frontier", "gpt-4o", Reply(_frontier)));
        using var router = new TierRouterChatClient(options);

        options.MinimumQuality = 7;
        options.Tiers[0].ModelId = "gpt-4o";
        options.Tiers[0].Capabilities.Tools = false;
        var decision = await router.DecideAsync(Prompt(), new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] });

        decision.Tier.Should().Be("small");
        decision.ModelId.Should().Be("gpt-4o-mini");
    }

    [Fact]
    public void A_built_pipeline_disposes_its_client_and_answers_service_queries_through_it()
    {
        var inner = new DisposalTrackingClient();
        var client = new ChatClientBuilder(inner).UseTierRouter(o =>
        {
            o.Tiers.Add(new ModelTier("small", "gpt-4o-mini"));
            o.Tiers.Add(new ModelTier("frontier", "gpt-4o"));
        }).Build();

        client.GetService<ChatClientMetadata>()!.ProviderName.Should().Be("tracking");
        client.Dispose();

        inner.Disposed.Should().BeTrue();
        var act = () => client.GetResponseAsync("hello");
        act.Should().ThrowAsync<ObjectDisposedException>();
    }

    private sealed class DisposalTrackingClient : IChatClient
    {
        public bool Disposed { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("tracking") : null;

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task A_failing_classifier_fails_the_request_unless_a_fallback_score_is_configured()
    {
        var failing = DifficultyClassifier.FromDelegate((_, _) => ValueTask.FromException<double>(new TimeoutException("rating call timed out")));
        using var strict = Create(o => o.Classifier = failing);
        using var lenient = Create(o =>
        {
            o.Classifier = failing;
            o.ScoreWhenClassifierFails = 1;
        });

        var fails = () => strict.GetResponseAsync(Prompt());
        var decision = (await lenient.GetResponseAsync(Prompt())).GetRouteDecision()!;

        await fails.Should().ThrowAsync<TimeoutException>();
        decision.Tier.Should().Be("frontier");
        decision.Reason.Should().Be(RouteReason.ClassifierFailed);
        decision.Score.Should().Be(1);
        _logs.GetSnapshot().Should().ContainSingle(r => r.Id.Name == "RouterClassifierFailed")
            .Which.Message.Should().Be("The difficulty classifier failed; the request is routed with the fallback score 1.");
    }

    [Fact]
    public async Task Cancellation_is_never_replaced_by_the_fallback_score()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var router = Create(o =>
        {
            o.Classifier = DifficultyClassifier.FromDelegate((_, token) => ValueTask.FromCanceled<double>(token));
            o.ScoreWhenClassifierFails = 1;
        });

        var act = () => router.GetResponseAsync(Prompt(), cancellationToken: cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _frontier.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Thresholds_without_target_shares_are_reported_as_not_judging_drift()
    {
        using var router = Create(o => o.Thresholds = RoutingThresholds.Even(2));

        _logs.GetSnapshot().Should().ContainSingle(r => r.Id.Name == "RouterDriftNotJudged");
        router.GetStatistics().MaximumDrift.Should().BeNull();
    }
}
