using System.ComponentModel;
using CostAware.Tests.Escalation.Validators;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Validation;

public class ToolCallValidatorTests
{
    private static readonly AIFunction s_forecast = AIFunctionFactory.Create(
        ([Description("The city")] string city, int days) => $"{city}: sunny for {days} days", "get_forecast");

    private static readonly AIFunction s_time = AIFunctionFactory.Create((string timeZone) => "12:00", "get_time");

    private readonly IAnswerValidator _validator = ValidationAnswerValidators.ToolCalls();

    private static ChatOptions Offering(params AITool[] tools) => new() { Tools = [.. tools] };

    private static ChatResponse Calling(params FunctionCallContent[] calls) =>
        new(new ChatMessage(ChatRole.Assistant, [.. calls])) { FinishReason = ChatFinishReason.ToolCalls };

    private static FunctionCallContent Call(string name, Dictionary<string, object?>? arguments, string id = "call_1") => new(id, name, arguments);

    [Fact]
    public async Task Calls_to_offered_tools_with_valid_arguments_are_accepted()
    {
        var response = Calling(
            Call("get_forecast", new() { ["city"] = "Paris", ["days"] = 3 }),
            Call("get_time", new() { ["timeZone"] = "Europe/Paris" }, "call_2"));

        var verdict = await _validator.ValidateAsync(ValidationContexts.For(response, Offering(s_forecast, s_time)));

        verdict.Should().Be(new ValidationVerdict("tool-calls", true, 1d, "All 2 tool calls are valid."));
    }

    [Fact]
    public async Task A_single_valid_call_is_named_in_the_reason()
    {
        var response = Calling(Call("get_time", new() { ["timeZone"] = "UTC" }));

        var verdict = await _validator.ValidateAsync(ValidationContexts.For(response, Offering(s_forecast, s_time)));

        verdict.Should().Be(new ValidationVerdict("tool-calls", true, 1d, "The call to 'get_time' is valid."));
    }

    [Fact]
    public async Task An_answer_without_tool_calls_is_accepted()
    {
        var verdict = await _validator.ValidateAsync(ValidationContexts.For("42", options: Offering(s_forecast)));

        verdict.Should().Be(new ValidationVerdict("tool-calls", true, 1d, "The answer calls no tool."));
    }

    [Fact]
    public async Task A_call_to_a_tool_that_was_not_offered_is_rejected_listing_the_offered_ones()
    {
        var response = Calling(Call("get_weather", new() { ["city"] = "Paris" }));

        var offered = await _validator.ValidateAsync(ValidationContexts.For(response, Offering(s_forecast, s_time)));
        var none = await _validator.ValidateAsync(ValidationContexts.For(response));

        offered.Should().Be(new ValidationVerdict("tool-calls", false, 0d,
            "The call 'get_weather' (id 'call_1') names no tool the request offered (offered: get_forecast, get_time)."));
        none.Reason.Should().Be("The call 'get_weather' (id 'call_1') names no tool the request offered (none was offered).");
    }

    [Fact]
    public async Task A_call_with_an_argument_of_the_wrong_type_is_rejected_naming_the_argument()
    {
        var response = Calling(
            Call("get_time", new() { ["timeZone"] = "UTC" }, "call_1"),
            Call("get_forecast", new() { ["city"] = "Paris", ["days"] = "three" }, "call_2"));

        var verdict = await _validator.ValidateAsync(ValidationContexts.For(response, Offering(s_forecast, s_time)));

        verdict.Should().Be(new ValidationVerdict("tool-calls", false, 0d,
            "The call 'get_forecast' (id 'call_2') has an invalid argument 'days': Value is \"string\" but should be \"integer\""));
    }

    [Fact]
    public async Task A_call_missing_a_required_argument_is_rejected()
    {
        var response = Calling(Call("get_forecast", new() { ["city"] = "Paris" }));

        var verdict = await _validator.ValidateAsync(ValidationContexts.For(response, Offering(s_forecast)));

        verdict.Should().Be(new ValidationVerdict("tool-calls", false, 0d,
            "The call 'get_forecast' (id 'call_1') has invalid arguments: Required properties [\"days\"] are not present"));
    }

    [Fact]
    public async Task A_call_whose_arguments_could_not_be_parsed_is_rejected()
    {
        var call = Call("get_forecast", null);
        call.Exception = new FormatException("Unexpected end of JSON.");

        var verdict = await _validator.ValidateAsync(ValidationContexts.For(Calling(call), Offering(s_forecast)));

        verdict.Should().Be(new ValidationVerdict("tool-calls", false, 0d,
            "The arguments of the call 'get_forecast' (id 'call_1') could not be parsed: Unexpected end of JSON."));
    }

    [Fact]
    public async Task A_nested_argument_is_named_by_its_path()
    {
        var order = AIFunctionFactory.Create((Address address) => "ok", "ship_to");
        var response = Calling(Call("ship_to", new() { ["address"] = new Dictionary<string, object?> { ["street"] = "Main St", ["number"] = "12" } }));

        var verdict = await _validator.ValidateAsync(ValidationContexts.For(response, Offering(order)));

        verdict.Should().Be(new ValidationVerdict("tool-calls", false, 0d,
            "The call 'ship_to' (id 'call_1') has an invalid argument 'address/number': Value is \"string\" but should be \"integer\""));
    }

    [Fact]
    public async Task Composed_with_structured_output_both_checks_apply()
    {
        var validator = AnswerValidators.AllOf(ValidationAnswerValidators.StructuredOutput(), ValidationAnswerValidators.ToolCalls());
        var response = Calling(Call("get_forecast", new() { ["city"] = "Paris", ["days"] = 2.5 }));

        var verdict = await validator.ValidateAsync(ValidationContexts.For(response, Offering(s_forecast)));

        verdict.Accepted.Should().BeFalse();
        verdict.Reason.Should().Be(
            "Rejected by tool-calls: The call 'get_forecast' (id 'call_1') has an invalid argument 'days': Value is \"number\" but should be \"integer\"");
    }

    public sealed record Address(string Street, int Number);
}
