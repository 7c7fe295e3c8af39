using Microsoft.Extensions.AI;

namespace CostAware.Tests.Escalation.Validators;

public class LogProbabilityValidatorTests
{
    [Fact]
    public async Task An_answer_whose_mean_token_probability_reaches_the_threshold_is_accepted_with_it_as_score()
    {
        // Mean log-probability -0.2, so the mean token probability is e^-0.2 = 0.8187.
        var validator = new LogProbabilityValidator(_ => [-0.1, -0.3, -0.2], minimumMeanTokenProbability: 0.8);

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("log-probability", true, Math.Exp(-0.2),
            "The mean token probability over 3 tokens is 0.8187, at or above 0.8."));
    }

    [Fact]
    public async Task An_answer_below_the_threshold_is_rejected_with_its_mean_token_probability_as_score()
    {
        var validator = AnswerValidators.LogProbability(_ => [-0.5, -1.5]);

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("log-probability", false, Math.Exp(-1d),
            "The mean token probability over 2 tokens is 0.3679, below 0.7."));
    }

    [Fact]
    public async Task A_mean_exactly_at_the_threshold_is_accepted()
    {
        var validator = new LogProbabilityValidator(_ => [Math.Log(0.5), Math.Log(0.5)], 0.5);

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Accepted.Should().BeTrue();
        verdict.Score.Should().Be(0.5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_log_probabilities_the_answer_is_accepted_and_the_reason_says_so(bool empty)
    {
        ChatResponse? seen = null;
        var validator = new LogProbabilityValidator(response =>
        {
            seen = response;
            return empty ? [] : null;
        });
        var context = ValidationContexts.For("42");

        var verdict = await validator.ValidateAsync(context);

        seen.Should().BeSameAs(context.Response);
        verdict.Should().Be(new ValidationVerdict("log-probability", true, 1d,
            "No log-probabilities were available, so there is no evidence against the answer."));
    }

    [Fact]
    public async Task Log_probabilities_that_are_not_numbers_are_skipped()
    {
        var validator = new LogProbabilityValidator(_ => [double.NaN, 0d]);

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42"));

        verdict.Should().Be(new ValidationVerdict("log-probability", true, 1d,
            "The mean token probability over 1 tokens is 1, at or above 0.7."));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_threshold_that_is_not_a_probability_is_refused(double threshold)
    {
        var act = () => new LogProbabilityValidator(_ => null, threshold);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("minimumMeanTokenProbability");
    }

    [Fact]
    public void A_missing_extractor_is_refused()
    {
        var act = () => AnswerValidators.LogProbability(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("extractor");
    }
}
