using Microsoft.Extensions.AI;

namespace CostAware.Tests.Escalation.Validators;

public class RefusalValidatorTests
{
    private readonly RefusalValidator _validator = new();

    [Theory]
    [InlineData("I can't help with that request.", "I can't help with")]
    [InlineData("I’m unable to answer.", "I’m unable to")]
    [InlineData("As an AI, I have no opinions.", "As an AI")]
    [InlineData("i'm NOT SURE.", "i'm NOT SURE")]
    [InlineData("I cannot provide medical advice.", "I cannot provide")]
    [InlineData("I don't have enough information to say.", "I don't have enough information")]
    [InlineData("I do not   know.", "I do not   know")]
    public async Task A_refusal_or_hedge_in_a_one_sentence_answer_is_rejected_with_score_zero(string answer, string phrase)
    {
        var verdict = await _validator.ValidateAsync(ValidationContexts.For(answer));

        verdict.Should().Be(new ValidationVerdict("refusal", false, 0d, $"1 of 1 sentences refuse or hedge (first: \"{phrase}\")."));
    }

    [Fact]
    public async Task The_score_is_one_minus_the_share_of_hedging_sentences()
    {
        const string answer = "17 + 25 is 42. I'm not sure about the carry though! Let me check. 7 + 5 is 12, carry 1.";

        var verdict = await _validator.ValidateAsync(ValidationContexts.For(answer));

        verdict.Should().Be(new ValidationVerdict("refusal", false, 0.75, "1 of 4 sentences refuse or hedge (first: \"I'm not sure\")."));
    }

    [Theory]
    [InlineData("The answer is 42.")]
    [InlineData("I'm not surely wrong: 42.")]
    [InlineData("Lasagna is an AIbased dish? No, 42.")]
    [InlineData("")]
    public async Task An_answer_without_a_whole_phrase_is_accepted(string answer)
    {
        var verdict = await _validator.ValidateAsync(ValidationContexts.For(answer));

        verdict.Should().Be(new ValidationVerdict("refusal", true, 1d, "The answer neither refuses nor hedges."));
    }

    [Fact]
    public async Task A_content_filtered_answer_is_rejected_whatever_its_text()
    {
        var verdict = await _validator.ValidateAsync(ValidationContexts.For("42", ChatFinishReason.ContentFilter));

        verdict.Should().Be(new ValidationVerdict("refusal", false, 0d,
            "A content filter stopped the answer (finish reason 'content_filter')."));
    }

    [Fact]
    public async Task Extra_phrases_match_case_insensitively_on_word_boundaries_with_either_apostrophe()
    {
        var validator = AnswerValidators.Refusal("outside my remit", "we can't disclose");

        var hit = await validator.ValidateAsync(ValidationContexts.For("That is OUTSIDE   my remit. Sorry. Try later."));
        var curly = await validator.ValidateAsync(ValidationContexts.For("We can’t disclose it."));
        var partWord = await validator.ValidateAsync(ValidationContexts.For("It is outside my remittance."));

        hit.Should().Be(new ValidationVerdict("refusal", false, 1d - (1d / 3), "1 of 3 sentences refuse or hedge (first: \"OUTSIDE   my remit\")."));
        curly.Reason.Should().Be("1 of 1 sentences refuse or hedge (first: \"We can’t disclose\").");
        partWord.Accepted.Should().BeTrue();
    }

    [Fact]
    public async Task Extra_phrases_that_look_like_regular_expressions_are_matched_literally()
    {
        var validator = new RefusalValidator(["(no comment)"]);

        var literal = await validator.ValidateAsync(ValidationContexts.For("Well (no comment) then."));
        var regexLike = await validator.ValidateAsync(ValidationContexts.For("Well no comment then."));

        literal.Accepted.Should().BeFalse();
        regexLike.Accepted.Should().BeTrue();
    }

    [Fact]
    public void A_blank_extra_phrase_is_refused_naming_its_position()
    {
        var act = () => new RefusalValidator(["fine", " "]);

        act.Should().Throw<ArgumentException>().WithParameterName("extraPhrases").WithMessage("Refusal phrase 1 is null, empty or white space*");
    }
}
