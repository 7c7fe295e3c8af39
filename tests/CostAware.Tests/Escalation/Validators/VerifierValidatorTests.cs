using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Escalation.Validators;

public class VerifierValidatorTests
{
    private readonly ScriptedChatClient _judge = new(providerName: "openai", defaultModelId: "gpt-4o");
    private readonly InMemoryCostLedger _ledger = new();

    private static UsageDetails Usage => new() { InputTokenCount = 400, OutputTokenCount = 10 };

    [Fact]
    public async Task A_pass_with_a_score_accepts_with_that_score_and_the_metered_judge_call_is_priced()
    {
        _judge.ThenReply("VERDICT: PASS\nSCORE: 0.85", Usage, "gpt-4o");
        using var meteredJudge = new TokenMeterChatClient(_judge, PriceCatalog.BuiltIn, _ledger);

        var verdict = await AnswerValidators.Verifier(meteredJudge).ValidateAsync(ValidationContexts.For("17 + 25 = 42"));

        verdict.Should().Be(new ValidationVerdict("verifier", true, 0.85, "The judge passed the answer.") { CostUsd = 0.0011m });
        // 400 input tokens at $2.50 and 10 output tokens at $10 per million.
        _ledger.GetEntries().Should().ContainSingle().Which.CostUsd.Should().Be(0.0011m);
    }

    [Fact]
    public async Task The_judge_gets_the_instructions_the_request_and_the_answer_with_its_own_options()
    {
        _judge.ThenReply("VERDICT: PASS", Usage);
        var validator = new VerifierValidator(_judge, new VerifierValidatorOptions
        {
            JudgeOptions = new ChatOptions { ModelId = "gpt-4o-mini", Temperature = 0f },
        });
        var messages = new List<ChatMessage> { new(ChatRole.System, "Be terse."), new(ChatRole.User, "What is 17 + 25?") };
        var context = new AnswerValidationContext(
            messages, null, new ChatResponse(new ChatMessage(ChatRole.Assistant, "42")), new EscalationTier("small", new ScriptedChatClient()), 1);

        var verdict = await validator.ValidateAsync(context);

        verdict.Should().Be(new ValidationVerdict("verifier", true, 1d, "The judge passed the answer."));
        var call = _judge.Calls.Should().ContainSingle().Subject;
        call.Messages.Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.System, VerifierValidatorOptions.DefaultInstructions),
            (ChatRole.User, "The request:\n[system] Be terse.\n[user] What is 17 + 25?\n\nThe answer:\n42\n"));
        call.Options!.ModelId.Should().Be("gpt-4o-mini");
        call.Options.Temperature.Should().Be(0f);
    }

    [Theory]
    [InlineData("VERDICT: FAIL", 0d)]
    [InlineData("The sum is wrong.\nVERDICT: FAIL\nSCORE: 0.1", 0.1)]
    public async Task A_fail_rejects_with_the_judges_score_or_zero(string reply, double score)
    {
        _judge.ThenReply(reply, Usage);

        var verdict = await new VerifierValidator(_judge).ValidateAsync(ValidationContexts.For("41"));

        verdict.Should().Be(new ValidationVerdict("verifier", false, score, "The judge failed the answer."));
    }

    [Theory]
    [InlineData("Looks right to me.", "The judge's reply has no \"VERDICT: PASS\" or \"VERDICT: FAIL\" line.")]
    [InlineData("verdict: pass", "The judge's reply has no \"VERDICT: PASS\" or \"VERDICT: FAIL\" line.")]
    [InlineData("VERDICT: MAYBE", "The judge's reply has no \"VERDICT: PASS\" or \"VERDICT: FAIL\" line.")]
    [InlineData("VERDICT: PASS\nVERDICT: FAIL", "The judge's reply has 2 verdict lines; exactly one is expected.")]
    [InlineData("VERDICT: PASS\nSCORE: 1.5", "The judge's reply has a SCORE line that is not one number in [0, 1].")]
    [InlineData("VERDICT: PASS\nSCORE: high", "The judge's reply has a SCORE line that is not one number in [0, 1].")]
    [InlineData("VERDICT: PASS\nSCORE: 0.9\nSCORE: 0.8", "The judge's reply has a SCORE line that is not one number in [0, 1].")]
    public async Task An_unparseable_reply_rejects_with_the_reason(string reply, string reason)
    {
        _judge.ThenReply(reply, Usage);

        var verdict = await new VerifierValidator(_judge).ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("verifier", false, 0d, reason));
    }

    [Fact]
    public async Task An_unparseable_reply_accepts_when_so_configured()
    {
        _judge.ThenReply("Looks right to me.", Usage);
        var validator = AnswerValidators.Verifier(_judge, o => o.AcceptUnparseableVerdicts = true);

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("verifier", true, 1d,
            "The judge's reply has no \"VERDICT: PASS\" or \"VERDICT: FAIL\" line. Accepted because unparseable verdicts are accepted."));
    }

    [Fact]
    public async Task Custom_instructions_replace_the_default_ones()
    {
        _judge.ThenReply("  VERDICT: PASS.  \n", Usage);
        var validator = AnswerValidators.Verifier(_judge, o => o.Instructions = "Check the arithmetic. Reply VERDICT: PASS or VERDICT: FAIL.");

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Accepted.Should().BeTrue();
        _judge.Calls.Single().Messages[0].Text.Should().Be("Check the arithmetic. Reply VERDICT: PASS or VERDICT: FAIL.");
    }

    [Fact]
    public async Task A_failing_judge_call_fails_the_validation()
    {
        _judge.ThenThrow(new HttpRequestException("judge unavailable"));

        var act = async () => await new VerifierValidator(_judge).ValidateAsync(ValidationContexts.For("42"));

        await act.Should().ThrowAsync<HttpRequestException>().WithMessage("judge unavailable");
    }

    [Fact]
    public void A_missing_judge_or_blank_instructions_are_refused()
    {
        FluentActions.Invoking(() => new VerifierValidator(null!)).Should().Throw<ArgumentNullException>().WithParameterName("judge");
        FluentActions.Invoking(() => AnswerValidators.Verifier(null!)).Should().Throw<ArgumentNullException>().WithParameterName("judge");
        FluentActions.Invoking(() => new VerifierValidator(_judge, new VerifierValidatorOptions { Instructions = " " }))
            .Should().Throw<ArgumentException>().WithParameterName("options").WithMessage("VerifierValidatorOptions.Instructions must*");
    }
}
