using System.Text.Json;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Rejects an answer that calls a tool the request did not offer, or calls one with arguments its schema
/// does not allow: a cheap model's hallucinated tool or bad arguments are escalated instead of being executed.</summary>
/// <remarks>
/// <para>Every <see cref="FunctionCallContent"/> in the answer must name an <see cref="AIFunctionDeclaration"/> in the
/// request's <see cref="ChatOptions.Tools"/> (by exact name), its arguments must have parsed, and they must be valid
/// against that tool's <see cref="AIFunctionDeclaration.JsonSchema"/>. The reason of a rejection names the call and
/// the failing argument. An answer without tool calls is accepted.</para>
/// <para>A tool schema that is not a valid JSON Schema throws <see cref="InvalidOperationException"/>: the request is
/// at fault, and no tier would do better.</para>
/// <para>This type is thread-safe. It makes no model call, and its reasons name tools and argument locations, never
/// argument values.</para>
/// </remarks>
public sealed class ToolCallValidator : IAnswerValidator
{
    /// <summary>The validator's name.</summary>
    public const string ValidatorName = "tool-calls";

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A tool's schema is not a valid JSON Schema.</exception>
    public ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Judge(context));
    }

    private ValidationVerdict Judge(AnswerValidationContext context)
    {
        var calls = context.Response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        if (calls.Count == 0)
        {
            return ValidationVerdict.Accept(Name, "The answer calls no tool.");
        }

        var tools = (context.Options?.Tools ?? []).OfType<AIFunctionDeclaration>().ToList();
        foreach (var call in calls)
        {
            string? problem = Check(call, tools);
            if (problem is not null)
            {
                return ValidationVerdict.Reject(Name, problem);
            }
        }

        return ValidationVerdict.Accept(Name, calls.Count == 1
            ? $"The call to '{calls[0].Name}' is valid."
            : $"All {calls.Count} tool calls are valid.");
    }

    private static string? Check(FunctionCallContent call, List<AIFunctionDeclaration> tools)
    {
        var tool = tools.FirstOrDefault(t => string.Equals(t.Name, call.Name, StringComparison.Ordinal));
        if (tool is null)
        {
            string offered = tools.Count == 0 ? "none was offered" : $"offered: {string.Join(", ", tools.Select(t => t.Name))}";
            return $"The call '{call.Name}' (id '{call.CallId}') names no tool the request offered ({offered}).";
        }

        if (call.Exception is not null)
        {
            return $"The arguments of the call '{call.Name}' (id '{call.CallId}') could not be parsed: {call.Exception.Message}";
        }

        JsonElement arguments;
        try
        {
            arguments = JsonSerializer.SerializeToElement(
                call.Arguments ?? new Dictionary<string, object?>(),
                AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
        }
        catch (NotSupportedException ex)
        {
            // Arguments a provider parsed are JSON values; anything else was put there by code and cannot be checked.
            return $"The arguments of the call '{call.Name}' (id '{call.CallId}') cannot be read as JSON: {ex.Message}";
        }

        var failure = JsonSchemaCheck.FirstFailure(tool.JsonSchema, arguments, $"schema of the tool '{tool.Name}'");
        if (failure is null)
        {
            return null;
        }

        string what = failure.Pointer.Length == 0 ? "invalid arguments" : $"an invalid argument '{failure.Pointer.TrimStart('/')}'";
        return $"The call '{call.Name}' (id '{call.CallId}') has {what}: {failure.Message}";
    }
}
