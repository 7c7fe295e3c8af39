using System.Text.RegularExpressions;

namespace CostAware.Tests.Escalation.Validators;

public class AnswerFormatValidatorTests
{
    private const string FinalNumberPattern = @"(?:####|\bthe\s+(?:final\s+)?answer\s+is:?)\s*\$?-?\d+(?:,\d{3})*(?:\.\d+)?";

    [Theory]
    [InlineData("Natalia sold 48 + 24 = 72 clips.\n#### 72")]
    [InlineData("####-3")]
    [InlineData("So the answer is 42.")]
    [InlineData("The final answer is: $1,200.50")]
    [InlineData("THE ANSWER IS 7")]
    public async Task A_stated_final_number_is_accepted(string answer)
    {
        var verdict = await AnswerValidators.FinalNumber().ValidateAsync(ValidationContexts.For(answer));

        verdict.Should().Be(new ValidationVerdict("final-number", true, 1d, $"The answer matches the expected format /{FinalNumberPattern}/."));
    }

    [Theory]
    [InlineData("It is 42.")]
    [InlineData("#### forty-two")]
    [InlineData("The answer is unclear.")]
    [InlineData("")]
    public async Task An_answer_without_a_stated_final_number_is_rejected(string answer)
    {
        var verdict = await AnswerValidators.FinalNumber().ValidateAsync(ValidationContexts.For(answer));

        verdict.Should().Be(new ValidationVerdict("final-number", false, 0d, $"The answer does not match the expected format /{FinalNumberPattern}/."));
    }

    [Fact]
    public async Task A_custom_pattern_and_name_are_used()
    {
        var validator = AnswerValidators.MatchesFormat(new Regex(@"^\(?[A-D]\)?$"), "multiple-choice");

        var accepted = await validator.ValidateAsync(ValidationContexts.For("(B)"));
        var rejected = await validator.ValidateAsync(ValidationContexts.For("B and C"));

        accepted.Should().Be(new ValidationVerdict("multiple-choice", true, 1d, @"The answer matches the expected format /^\(?[A-D]\)?$/."));
        rejected.Should().Be(new ValidationVerdict("multiple-choice", false, 0d, @"The answer does not match the expected format /^\(?[A-D]\)?$/."));
    }

    [Fact]
    public async Task The_default_name_is_answer_format()
    {
        var validator = new AnswerFormatValidator(new Regex("x"));

        var verdict = await validator.ValidateAsync(ValidationContexts.For("x"));

        verdict.Validator.Should().Be("answer-format");
    }

    [Fact]
    public void A_missing_pattern_or_blank_name_is_refused()
    {
        FluentActions.Invoking(() => new AnswerFormatValidator(null!)).Should().Throw<ArgumentNullException>().WithParameterName("pattern");
        FluentActions.Invoking(() => new AnswerFormatValidator(new Regex("x"), "")).Should().Throw<ArgumentException>().WithParameterName("name");
    }
}
