using System.Text.Json;
using CostAware.Tests.Escalation.Validators;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Validation;

public class StructuredOutputValidatorTests
{
    private const string PersonSchema =
        """
        {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0},
         "tags":{"type":"array","items":{"type":"string"}}},"required":["name","age"],"additionalProperties":false}
        """;

    private readonly IAnswerValidator _validator = ValidationAnswerValidators.StructuredOutput();

    private static ChatOptions AskFor(string schema, string? name = "person") =>
        new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schema).RootElement, name) };

    [Theory]
    [InlineData("""{"name":"Ada","age":36}""")]
    [InlineData("```json\n{\"name\":\"Ada\",\"age\":36,\"tags\":[\"math\"]}\n```")]
    [InlineData("  ```\n{\"name\":\"Ada\",\"age\":36}```  ")]
    public async Task An_answer_valid_against_the_requested_schema_is_accepted(string answer)
    {
        var verdict = await _validator.ValidateAsync(ValidationContexts.For(answer, options: AskFor(PersonSchema)));

        verdict.Should().Be(new ValidationVerdict("structured-output", true, 1d, "The answer is valid against the requested schema 'person'."));
    }

    [Theory]
    [InlineData("""{"name":"Ada","age":"36"}""", "/age", "Value is \"string\" but should be \"integer\"")]
    [InlineData("""{"name":"Ada","age":-1}""", "/age", "-1 should be at least 0")]
    [InlineData("""{"name":"Ada","age":36,"tags":["math",7]}""", "/tags/1", "Value is \"integer\" but should be \"string\"")]
    [InlineData("""{"name":"Ada"}""", "/", "Required properties [\"age\"] are not present")]
    public async Task An_answer_invalid_against_the_schema_is_rejected_naming_the_first_failing_pointer(string answer, string location, string message)
    {
        var verdict = await _validator.ValidateAsync(ValidationContexts.For(answer, options: AskFor(PersonSchema)));

        verdict.Should().Be(new ValidationVerdict("structured-output", false, 0d,
            $"The answer is not valid against the requested schema 'person' at '{location}': {message}"));
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_rejected()
    {
        var verdict = await _validator.ValidateAsync(ValidationContexts.For("Ada, 36", options: AskFor(PersonSchema, name: null)));

        verdict.Accepted.Should().BeFalse();
        verdict.Score.Should().Be(0d);
        verdict.Reason.Should().StartWith("The answer is not JSON (").And.EndWith("), though the requested schema was asked for.");
    }

    [Fact]
    public async Task Without_a_schema_there_is_nothing_to_check_and_the_answer_is_accepted()
    {
        var accepted = new ValidationVerdict("structured-output", true, 1d, "No schema was requested, so there is nothing to check.");

        (await _validator.ValidateAsync(ValidationContexts.For("not json"))).Should().Be(accepted);
        (await _validator.ValidateAsync(ValidationContexts.For("not json", options: new ChatOptions { ResponseFormat = ChatResponseFormat.Json })))
            .Should().Be(accepted);
        (await _validator.ValidateAsync(ValidationContexts.For("not json", options: new ChatOptions { ResponseFormat = ChatResponseFormat.Text })))
            .Should().Be(accepted);
    }

    [Fact]
    public async Task Schemas_with_the_same_id_but_different_rules_are_each_applied()
    {
        const string first = """{"$id":"https://example.test/answer","type":"object","required":["a"]}""";
        const string second = """{"$id":"https://example.test/answer","type":"object","required":["b"]}""";

        var firstVerdict = await _validator.ValidateAsync(ValidationContexts.For("""{"a":1}""", options: AskFor(first)));
        var secondVerdict = await _validator.ValidateAsync(ValidationContexts.For("""{"a":1}""", options: AskFor(second)));

        firstVerdict.Accepted.Should().BeTrue();
        secondVerdict.Accepted.Should().BeFalse();
        secondVerdict.Reason.Should().Be(
            "The answer is not valid against the requested schema 'person' at '/': Required properties [\"b\"] are not present");
    }

    [Fact]
    public async Task A_schema_generated_by_the_framework_validates_a_typed_answer()
    {
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema<Forecast>() };

        // The framework's schema names properties in camel case, as its serializer writes them.
        var good = await _validator.ValidateAsync(ValidationContexts.For("""{"city":"Paris","highCelsius":21}""", options: options));
        var bad = await _validator.ValidateAsync(ValidationContexts.For("""{"City":"Paris","HighCelsius":21}""", options: options));

        good.Should().Be(new ValidationVerdict("structured-output", true, 1d, "The answer is valid against the requested schema 'Forecast'."));
        bad.Should().Be(new ValidationVerdict("structured-output", false, 0d,
            "The answer is not valid against the requested schema 'Forecast' at '/': Required properties [\"city\",\"highCelsius\"] are not present"));
    }

    [Fact]
    public async Task A_requested_schema_that_is_not_a_schema_is_the_requests_fault_and_throws()
    {
        var act = async () => await _validator.ValidateAsync(ValidationContexts.For("{}", options: AskFor("""{"type":12}""")));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("The requested schema 'person' is not a valid JSON Schema: *");
    }

    private sealed record Forecast(string City, int HighCelsius);
}
