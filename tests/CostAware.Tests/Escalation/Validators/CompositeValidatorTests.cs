using Microsoft.Extensions.AI;

namespace CostAware.Tests.Escalation.Validators;

public class CompositeValidatorTests
{
    private readonly List<string> _asked = [];

    [Fact]
    public async Task All_of_accepts_when_every_validator_accepts_with_the_lowest_score()
    {
        var validator = AnswerValidators.AllOf(
            ValidationContexts.Fixed("a", true, 0.9, _asked),
            ValidationContexts.Fixed("b", true, 0.4, _asked),
            ValidationContexts.Fixed("c", true, 0.7, _asked));

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("all-of(a, b, c)", true, 0.4, "Accepted by all of a, b, c."));
        _asked.Should().Equal("a", "b", "c");
    }

    [Fact]
    public async Task All_of_stops_at_the_first_rejection_and_names_it()
    {
        var validator = AnswerValidators.AllOf(
            ValidationContexts.Fixed("a", true, 0.9, _asked),
            ValidationContexts.Fixed("b", false, 0.2, _asked),
            ValidationContexts.Fixed("c", false, 0.1, _asked));

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("all-of(a, b, c)", false, 0.2, "Rejected by b: bad"));
        _asked.Should().Equal("a", "b");
    }

    [Fact]
    public async Task Any_of_stops_at_the_first_acceptance_with_the_highest_score_seen()
    {
        var validator = AnswerValidators.AnyOf(
            ValidationContexts.Fixed("a", false, 0.5, _asked),
            ValidationContexts.Fixed("b", true, 0.3, _asked),
            ValidationContexts.Fixed("c", true, 1.0, _asked));

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("any-of(a, b, c)", true, 0.5, "Accepted by b: fine"));
        _asked.Should().Equal("a", "b");
    }

    [Fact]
    public async Task Any_of_rejects_when_every_validator_rejects_and_lists_each_rejection()
    {
        var validator = AnswerValidators.AnyOf(
            ValidationContexts.Fixed("a", false, 0.1, _asked),
            ValidationContexts.Fixed("b", false, 0.3, _asked));

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("any-of(a, b)", false, 0.3, "Rejected by every validator (a: bad; b: bad)"));
        _asked.Should().Equal("a", "b");
    }

    [Fact]
    public async Task Composites_nest_and_combine_real_validators()
    {
        var validator = AnswerValidators.AllOf(
            AnswerValidators.Truncation(),
            AnswerValidators.AnyOf(AnswerValidators.FinalNumber(), AnswerValidators.Refusal()));

        var truncated = await validator.ValidateAsync(ValidationContexts.For("#### 42", ChatFinishReason.Length));
        var formatted = await validator.ValidateAsync(ValidationContexts.For("17 + 25 = 42\n#### 42"));

        truncated.Accepted.Should().BeFalse();
        truncated.Reason.Should().Be("Rejected by truncation: The answer was cut off at the output token limit (finish reason 'length').");
        formatted.Should().Be(new ValidationVerdict(
            "all-of(truncation, any-of(final-number, refusal))", true, 1d, "Accepted by all of truncation, any-of(final-number, refusal)."));
    }

    [Fact]
    public async Task A_delegate_validator_passes_the_context_and_token_through()
    {
        using var cts = new CancellationTokenSource();
        AnswerValidationContext? seen = null;
        CancellationToken seenToken = default;
        var validator = AnswerValidators.FromDelegate("custom", (context, token) =>
        {
            seen = context;
            seenToken = token;
            return ValueTask.FromResult(ValidationVerdict.Reject("custom", "too short", 0.25));
        });
        var context = ValidationContexts.For("42");

        var verdict = await validator.ValidateAsync(context, cts.Token);

        validator.Name.Should().Be("custom");
        verdict.Should().Be(new ValidationVerdict("custom", false, 0.25, "too short"));
        seen.Should().BeSameAs(context);
        seenToken.Should().Be(cts.Token);
    }

    [Fact]
    public async Task A_delegate_that_returns_no_verdict_fails_with_the_validator_named()
    {
        var validator = AnswerValidators.FromDelegate("broken", (_, _) => ValueTask.FromResult<ValidationVerdict>(null!));

        var act = async () => await validator.ValidateAsync(ValidationContexts.For("42"));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("The answer validator 'broken' returned no verdict.");
    }

    [Fact]
    public void Composites_and_delegates_reject_bad_arguments_naming_them()
    {
        var valid = AnswerValidators.Truncation();

        FluentActions.Invoking(() => AnswerValidators.AllOf(null!)).Should().Throw<ArgumentNullException>().WithParameterName("validators");
        FluentActions.Invoking(() => AnswerValidators.AllOf()).Should().Throw<ArgumentException>().WithParameterName("validators");
        FluentActions.Invoking(() => AnswerValidators.AnyOf(valid, null!)).Should().Throw<ArgumentException>()
            .WithParameterName("validators").WithMessage("Validator 1 is null.*");
        FluentActions.Invoking(() => AnswerValidators.FromDelegate(" ", (_, _) => default)).Should().Throw<ArgumentException>()
            .WithParameterName("name");
        FluentActions.Invoking(() => AnswerValidators.FromDelegate("x", null!)).Should().Throw<ArgumentNullException>()
            .WithParameterName("validate");
    }

    [Fact]
    public async Task A_composite_keeps_its_own_copy_of_the_validators()
    {
        var validators = new[] { ValidationContexts.Fixed("a", true, 1d) };
        var validator = AnswerValidators.AllOf(validators);
        validators[0] = ValidationContexts.Fixed("z", false, 0d);

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Accepted.Should().BeTrue();
        validator.Name.Should().Be("all-of(a)");
    }
}
