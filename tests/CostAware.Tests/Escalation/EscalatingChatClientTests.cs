using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Escalation;

public class EscalatingChatClientTests
{
    private static readonly List<ChatMessage> s_prompt = [new(ChatRole.User, "What is 17 * 3?")];
    private static UsageDetails Usage => new() { InputTokenCount = 1_000, CachedInputTokenCount = 0, OutputTokenCount = 300 };

    private readonly ScriptedChatClient _cheap = new(providerName: "openai", defaultModelId: "gpt-4o-mini");
    private readonly ScriptedChatClient _strong = new(providerName: "openai", defaultModelId: "gpt-4o");
    private readonly InMemoryCostLedger _ledger = new();

    // Accepts answers that contain the expected number.
    private static readonly IAnswerValidator s_hasFiftyOne = new DelegateValidator("has-51", c =>
        c.Response.Text.Contains("51", StringComparison.Ordinal)
            ? ValidationVerdict.Accept("has-51", "contains 51")
            : ValidationVerdict.Reject("has-51", "does not contain 51"));

    private EscalatingChatClient Create(Action<EscalationOptions>? configure = null, params IAnswerValidator[] validators)
    {
        var options = new EscalationOptions();
        options.Tiers.Add(new EscalationTier("small", new TokenMeterChatClient(_cheap, PriceCatalog.BuiltIn, _ledger)));
        foreach (var validator in validators.Length == 0 ? [s_hasFiftyOne] : validators)
        {
            options.Validators.Add(validator);
        }

        configure?.Invoke(options);
        return new EscalatingChatClient(new TokenMeterChatClient(_strong, PriceCatalog.BuiltIn, _ledger), options);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task An_accepted_cheap_answer_is_returned_and_the_strong_tier_is_never_called(bool streaming)
    {
        _cheap.ThenReply("17 * 3 = 51", Usage);
        using var escalator = Create();

        var response = await Modes.GetAsync(escalator, streaming, s_prompt);

        response.Text.Should().Be(streaming ? "17 * 3 = 51 " : "17 * 3 = 51");
        _strong.Calls.Should().BeEmpty();
        var outcome = response.GetEscalationOutcome()!;
        outcome.Escalated.Should().BeFalse();
        outcome.Final.Tier.Name.Should().Be("small");
        outcome.Final.Verdicts.Should().ContainSingle().Which.Reason.Should().Be("contains 51");
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Correlation.Should().Be(new CallCorrelation(outcome.RequestId, 1, "small", false));
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_rejected_cheap_answer_escalates_and_is_never_streamed_and_every_attempt_is_metered_and_linked(bool streaming)
    {
        _cheap.ThenReply("It is 41", Usage);
        _strong.ThenReply("It is 51", Usage);
        using var escalator = Create();

        var updates = new List<string>();
        ChatResponse response;
        if (streaming)
        {
            var received = new List<ChatResponseUpdate>();
            await foreach (var update in escalator.GetStreamingResponseAsync(s_prompt))
            {
                received.Add(update);
                updates.Add(update.Text);
            }

            response = received.ToChatResponse();
        }
        else
        {
            response = await escalator.GetResponseAsync(s_prompt);
        }

        response.Text.Should().Contain("51");
        updates.Should().NotContain(u => u.Contains("41", StringComparison.Ordinal));
        _strong.Calls.Should().ContainSingle().Which.Messages.Should().Equal(s_prompt);

        var entries = _ledger.GetEntries();
        entries.Select(e => (e.ModelId, e.Correlation!.Attempt, e.Correlation.Tier, e.Correlation.IsEscalation)).Should().Equal(
            ("gpt-4o-mini", 1, "small", false), ("gpt-4o", 2, "top", true));
        entries.Select(e => e.Correlation!.RequestId).Distinct().Should().ContainSingle();
        entries.Select(e => e.CostUsd).Should().Equal(0.00033m, 0.0055m);

        var stats = escalator.GetStatistics().Single().Value;
        stats.Escalations.Should().Be(1);
        stats.RejectedAttemptCost.Should().Be(0.00033m);
        stats.ActualCost.Should().Be(0.00583m);
        stats.AlwaysTopCost.Should().Be(0.0055m);
        stats.Savings.Should().Be(-0.00033m);
        stats.BreakEvenRate.Should().BeApproximately(0.94, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task When_every_tier_is_rejected_the_last_answer_is_returned_with_every_verdict(bool streaming)
    {
        _cheap.ThenReply("41", Usage);
        _strong.ThenReply("42", Usage);
        using var escalator = Create();

        var response = await Modes.GetAsync(escalator, streaming, s_prompt);

        response.Text.Should().StartWith("42");
        var outcome = response.GetEscalationOutcome()!;
        outcome.Attempts.Select(a => (a.Tier.Name, a.Accepted, a.Verdicts.Single().Reason)).Should().Equal(
            ("small", false, "does not contain 51"), ("top", false, "does not contain 51"));
        escalator.GetStatistics().Single().Value.Exhausted.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task When_every_tier_is_rejected_and_throwing_is_configured_the_exception_carries_every_verdict(bool streaming)
    {
        _cheap.ThenReply("41", Usage);
        _strong.ThenReply("42", Usage);
        using var escalator = Create(o => o.WhenExhausted = EscalationExhaustedBehavior.Throw);

        var act = () => Modes.GetAsync(escalator, streaming, s_prompt);

        var error = (await act.Should().ThrowAsync<EscalationExhaustedException>()).Which;
        error.Message.Should().Be("Every tier's answer was rejected (2 attempts): small: has-51 (does not contain 51); top: has-51 (does not contain 51).");
        error.Outcome!.Attempts.Should().HaveCount(2);
        _ledger.GetEntries().Should().HaveCount(2);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_failed_cheap_call_escalates_and_is_recorded_as_a_failed_attempt(bool streaming)
    {
        _cheap.ThenThrow(new HttpRequestException("503"));
        _strong.ThenReply("51", Usage);
        using var escalator = Create();

        var response = await Modes.GetAsync(escalator, streaming, s_prompt);

        response.Text.Should().StartWith("51");
        _ledger.GetEntries().Select(e => (e.Outcome, e.Correlation!.Attempt)).Should().Equal((CallOutcome.Failed, 1), (CallOutcome.Succeeded, 2));
    }

    [Fact]
    public async Task Each_tier_gets_its_own_model_whatever_the_caller_asked_for()
    {
        _cheap.ThenReply("41", Usage);
        _strong.ThenReply("51", Usage);
        var options = new EscalationOptions();
        options.Tiers.Add(new EscalationTier("small", new TokenMeterChatClient(_cheap, PriceCatalog.BuiltIn, _ledger), "gpt-4o-mini"));
        options.Validators.Add(s_hasFiftyOne);
        using var escalator = new EscalatingChatClient(new TokenMeterChatClient(_strong, PriceCatalog.BuiltIn, _ledger), options);

        await escalator.GetResponseAsync(s_prompt, new ChatOptions { ModelId = "gpt-4o" });

        _cheap.Calls.Single().Options!.ModelId.Should().Be("gpt-4o-mini");
        _ledger.GetEntries().Select(e => e.RequestedModelId).Should().Equal("gpt-4o-mini", "gpt-4o");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task When_the_strongest_tier_fails_the_rejected_attempts_are_still_counted_and_attached_to_the_exception(bool streaming)
    {
        _cheap.ThenReply("41", Usage);
        _strong.ThenThrow(new HttpRequestException("503"));
        using var escalator = Create();

        var act = () => Modes.GetAsync(escalator, streaming, s_prompt);

        var error = (await act.Should().ThrowAsync<HttpRequestException>()).Which;
        var outcome = (EscalationOutcome)error.Data[EscalationOutcome.ResponseKey]!;
        outcome.Attempts.Select(a => (a.Tier.Name, a.Accepted, a.Error is null)).Should().Equal(("small", false, true), ("top", false, false));
        var stats = escalator.GetStatistics().Single().Value;
        stats.Requests.Should().Be(1);
        stats.Exhausted.Should().Be(1);
        stats.RejectedAttemptCost.Should().Be(0.00033m);
    }

    [Fact]
    public async Task What_validators_spend_on_models_is_linked_in_the_ledger_and_counted_in_the_statistics()
    {
        var judgeInner = new ScriptedChatClient(providerName: "openai", defaultModelId: "gpt-4o-mini")
            .ThenReply("VERDICT: PASS", new UsageDetails { InputTokenCount = 200, CachedInputTokenCount = 0, OutputTokenCount = 5 });
        var judge = new TokenMeterChatClient(judgeInner, PriceCatalog.BuiltIn, _ledger);
        _cheap.ThenReply("17 * 3 = 51", Usage);
        using var escalator = Create(validators: AnswerValidators.Verifier(judge));

        await escalator.GetResponseAsync(s_prompt);

        var entries = _ledger.GetEntries();
        entries.Select(e => e.Correlation!.Tier).Should().Equal("small", "small/validation:verifier");
        entries.Select(e => e.Correlation!.RequestId).Distinct().Should().ContainSingle();
        var stats = escalator.GetStatistics().Single().Value;
        stats.ValidationCost.Should().Be(0.000033m);
        stats.ActualCost.Should().Be(0.00033m + 0.000033m);
    }

    [Fact]
    public void The_break_even_rate_of_the_issue_example_is_94_percent()
    {
        var cheap = new ModelPrice { ModelId = "cheap", InputPerMillion = 0.15m, OutputPerMillion = 0.60m };
        var strong = new ModelPrice { ModelId = "strong", InputPerMillion = 2.50m, OutputPerMillion = 10m };

        // Cheap attempt $0.00033, strong attempt $0.0055: r* = 1 - 0.00033 / 0.0055 = 0.94.
        EscalationMath.BreakEvenRate(cheap, strong, 1_000, 300).Should().Be(0.94);
        EscalationMath.BreakEvenRate(cheap, strong, 1_000, 300, validationCostPerRequest: 0.00022m).Should().Be(0.9);
        EscalationMath.BreakEvenRate(strong, cheap, 1_000, 300).Should().Be(0);
    }

    [Fact]
    public async Task Bypass_engages_above_break_even_probes_and_releases_when_the_cascade_pays_again()
    {
        bool cheapIsGood = false;
        var validator = new DelegateValidator("scripted", _ => cheapIsGood ? ValidationVerdict.Accept("scripted", "good") : ValidationVerdict.Reject("scripted", "bad"));
        using var escalator = Create(o =>
        {
            o.StatisticsWindow = 10;
            o.MinimumRequestsBeforeBypass = 10;
            o.ProbeEvery = 5;
        }, validator);
        for (int i = 0; i < 40; i++)
        {
            _cheap.ThenReply("cheap", Usage);
            _strong.ThenReply("strong", Usage);
        }

        var modes = new List<string>();
        async Task Send(int count)
        {
            for (int i = 0; i < count; i++)
            {
                var response = await escalator.GetResponseAsync(s_prompt);
                var outcome = response.GetEscalationOutcome()!;
                modes.Add(outcome.Bypassed ? "B" : outcome.Probe ? "P" : outcome.Escalated ? "E" : "C");
            }
        }

        // Ten escalations: a rate of 100% against a break-even of 94%.
        await Send(10);
        escalator.GetStatistics().Single().Value.IsBypassing.Should().BeTrue();
        escalator.GetStatistics().Single().Value.LastTransition.Should().Be(
            "bypass engaged: escalation rate 100.0% over the last 10 requests is above the break-even rate 94.0%");

        // While bypassing, one request in five runs the cascade; the cheap tier is now good, so probes lower the rate.
        cheapIsGood = true;
        await Send(10);

        modes.Should().Equal("E", "E", "E", "E", "E", "E", "E", "E", "E", "E", "B", "B", "B", "B", "P", "B", "B", "B", "B", "P");
        var stats = escalator.GetStatistics().Single().Value;
        stats.WindowEscalationRate.Should().Be(0.8);
        stats.IsBypassing.Should().BeFalse();
        stats.LastTransition.Should().Be(
            "cascade resumed: escalation rate 80.0% over the last 10 requests is below the break-even rate 94.0% less the margin 5.0%");
        stats.BypassedRequests.Should().Be(8);
        stats.ProbeRequests.Should().Be(2);

        await Send(1);
        modes[^1].Should().Be("C");
    }

    [Fact]
    public async Task An_escalated_step_inside_a_function_calling_loop_keeps_the_earlier_steps()
    {
        var weather = AIFunctionFactory.Create((string city) => $"sunny in {city}", "get_weather");
        var toolsExist = new DelegateValidator("tools-exist", c =>
            c.Response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().All(call => call.Name == "get_weather")
                ? ValidationVerdict.Accept("tools-exist", "known tools")
                : ValidationVerdict.Reject("tools-exist", "unknown tool"));
        _cheap.Then((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [new FunctionCallContent("call-1", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo" })])) { Usage = Usage });
        _cheap.Then((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [new FunctionCallContent("call-2", "get_wether", new Dictionary<string, object?> { ["city"] = "Oslo" })])) { Usage = Usage });
        _strong.ThenReply("It is sunny in Oslo.", Usage);
        using var escalator = Create(validators: toolsExist);
        using var loop = new FunctionInvokingChatClient(escalator);

        var response = await loop.GetResponseAsync(s_prompt, new ChatOptions { Tools = [weather] });

        response.Text.Should().Be("It is sunny in Oslo.");
        _cheap.Calls.Should().HaveCount(2);
        var strongSaw = _strong.Calls.Single().Messages;
        strongSaw.Should().HaveCount(3);
        strongSaw[1].Contents.OfType<FunctionCallContent>().Single().CallId.Should().Be("call-1");
        strongSaw[2].Contents.OfType<FunctionResultContent>().Single().Result!.ToString().Should().Be("sunny in Oslo");
    }

    [Fact]
    public void Options_are_validated_with_the_option_named()
    {
        var noTiers = () => new EscalatingChatClient(_strong, new EscalationOptions());
        var badWindow = () => Create(o => o.StatisticsWindow = 0);
        var duplicate = () => Create(o => o.TopTierName = "small");

        noTiers.Should().Throw<ArgumentException>().WithMessage("EscalationOptions.Tiers must list at least one cheaper tier.*");
        badWindow.Should().Throw<ArgumentOutOfRangeException>().WithMessage("EscalationOptions.StatisticsWindow must be at least 1.*");
        duplicate.Should().Throw<ArgumentException>().WithMessage("Tier names must be unique; found small, small.*");
    }

    private sealed class DelegateValidator(string name, Func<AnswerValidationContext, ValidationVerdict> judge) : IAnswerValidator
    {
        public string Name => name;

        public ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(judge(context));
    }
}
