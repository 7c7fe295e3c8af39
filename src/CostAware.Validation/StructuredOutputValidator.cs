using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Rejects an answer that does not keep to the JSON schema the request asked for
/// (<see cref="ChatResponseFormat.ForJsonSchema(JsonElement, string?, string?)"/>): a cheap model's malformed or
/// incomplete JSON is escalated instead of breaking the caller's deserialization.</summary>
/// <remarks>
/// <para>When the request's <see cref="ChatOptions.ResponseFormat"/> is JSON with a schema, the answer's text must
/// parse as JSON (a Markdown <c>```json</c> fence around it is tolerated) and be valid against the schema; the reason
/// of a rejection names the JSON pointer of the first failing value and why it fails. A request without a schema is
/// accepted, since there is nothing to check against.</para>
/// <para>A schema that is not a valid JSON Schema is the request's fault, not the answer's, so it throws
/// <see cref="InvalidOperationException"/> rather than escalating to tiers that would fail it the same way.</para>
/// <para>This type is thread-safe. It makes no model call, and its reasons name locations, never answer text.</para>
/// </remarks>
public sealed partial class StructuredOutputValidator : IAnswerValidator
{
    /// <summary>The validator's name.</summary>
    public const string ValidatorName = "structured-output";

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The requested schema is not a valid JSON Schema.</exception>
    public ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Judge(context));
    }

    private ValidationVerdict Judge(AnswerValidationContext context)
    {
        if (context.Options?.ResponseFormat is not ChatResponseFormatJson { Schema: JsonElement schema } format)
        {
            return ValidationVerdict.Accept(Name, "No schema was requested, so there is nothing to check.");
        }

        string schemaName = format.SchemaName is null ? "requested schema" : $"requested schema '{format.SchemaName}'";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Unfence(context.Response.Text));
        }
        catch (JsonException ex)
        {
            return ValidationVerdict.Reject(Name, $"The answer is not JSON ({ex.Message}), though the {schemaName} was asked for.");
        }

        using (document)
        {
            var failure = JsonSchemaCheck.FirstFailure(schema, document.RootElement, schemaName);
            return failure is null
                ? ValidationVerdict.Accept(Name, $"The answer is valid against the {schemaName}.")
                : ValidationVerdict.Reject(
                    Name,
                    $"The answer is not valid against the {schemaName} at '{failure.DisplayPointer}': {failure.Message}");
        }
    }

    private static string Unfence(string text)
    {
        var fenced = Fence().Match(text);
        return fenced.Success ? fenced.Groups["body"].Value : text;
    }

    // Models often wrap JSON in a Markdown code fence even when told not to; the fence is not part of the answer.
    [GeneratedRegex(
        @"^\s*```(?:json)?[ \t]*\r?\n(?<body>.*?)\r?\n?```\s*$",
        RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Fence();
}
