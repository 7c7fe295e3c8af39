using System.Text.Json;
using Json.Schema;

namespace CostAware;

/// <summary>Builds a JSON Schema and evaluates an instance against it, reducing the outcome to the first failure.</summary>
internal static class JsonSchemaCheck
{
    private static readonly EvaluationOptions s_evaluationOptions = new() { OutputFormat = OutputFormat.List };

    /// <summary>Evaluates an instance against a schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="instance">The instance.</param>
    /// <param name="schemaDescription">What the schema is, for the exception when it cannot be read.</param>
    /// <returns>The first failure, or <see langword="null"/> when the instance is valid.</returns>
    /// <exception cref="InvalidOperationException">The schema is not a valid JSON Schema.</exception>
    public static SchemaFailure? FirstFailure(JsonElement schema, JsonElement instance, string schemaDescription)
    {
        var results = Build(schema, schemaDescription).Evaluate(instance, s_evaluationOptions);
        if (results.IsValid)
        {
            return null;
        }

        // In the list format the root holds every failing node as a detail; the root's own errors come first.
        var failing = new[] { results }.Concat(results.Details ?? [])
            .FirstOrDefault(node => node.Errors is { Count: > 0 });
        return failing is null
            ? new SchemaFailure(results.InstanceLocation.ToString(), "the instance does not match the schema")
            : new SchemaFailure(failing.InstanceLocation.ToString(), failing.Errors!.First().Value);
    }

    private static JsonSchema Build(JsonElement schema, string schemaDescription)
    {
        try
        {
            // A registry of its own for each build: schemas register themselves, and the global registry would keep
            // every schema ever seen and refuse a second, different schema with the same $id.
            return JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or ArgumentException or RefResolutionException)
        {
            throw new InvalidOperationException($"The {schemaDescription} is not a valid JSON Schema: {ex.Message}", ex);
        }
    }
}

/// <summary>Where and why an instance failed its schema.</summary>
/// <param name="Pointer">The JSON pointer of the failing value, empty for the document itself.</param>
/// <param name="Message">The schema library's message.</param>
internal sealed record SchemaFailure(string Pointer, string Message)
{
    /// <summary>Gets the pointer for a reason, with the document itself shown as <c>/</c>.</summary>
    public string DisplayPointer => Pointer.Length == 0 ? "/" : Pointer;
}
