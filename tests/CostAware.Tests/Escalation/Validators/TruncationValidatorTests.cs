using Microsoft.Extensions.AI;

namespace CostAware.Tests.Escalation.Validators;

public class TruncationValidatorTests
{
    private readonly TruncationValidator _validator = new();

    [Fact]
    public async Task An_answer_cut_off_at_the_token_limit_is_rejected()
    {
        var verdict = await _validator.ValidateAsync(ValidationContexts.For("The answer is", ChatFinishReason.Length));

        verdict.Should().Be(new ValidationVerdict("truncation", false, 0d,
            "The answer was cut off at the output token limit (finish reason 'length')."));
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("tool_calls")]
    [InlineData(null)]
    public async Task An_answer_that_ended_for_any_other_reason_is_accepted(string? finishReason)
    {
        var reason = finishReason is null ? (ChatFinishReason?)null : new ChatFinishReason(finishReason);

        var verdict = await _validator.ValidateAsync(ValidationContexts.For("The answer is 42.", reason));

        verdict.Should().Be(new ValidationVerdict("truncation", true, 1d, "The answer was not cut off."));
    }

    [Fact]
    public async Task A_null_context_is_refused()
    {
        var act = async () => await _validator.ValidateAsync(null!);

        await act.Should().ThrowAsync<ArgumentNullException>().WithParameterName("context");
    }
}
