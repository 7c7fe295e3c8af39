using System.Text.Json;
using CostAware.Cli.Output;

namespace CostAware.Cli.Pricing;

/// <summary>Prices the lines of a usage log: <c>{"id", "model", "provider", "batch", "usage"}</c>, one per line.</summary>
/// <remarks>The usage object's API shape is told apart by its fields (<see cref="UsageReader.Detect"/>), which is
/// more reliable than the provider name: gateways serve Anthropic and Gemini models in OpenAI's shape.</remarks>
internal sealed class UsageLinePricer(PriceCatalog catalog)
{
    /// <summary>Prices one line.</summary>
    /// <param name="lineNumber">The line's 1-based number, for error messages.</param>
    /// <param name="line">The line's text.</param>
    /// <returns>The priced line; a line that cannot be priced carries an error and no cost.</returns>
    public PricedLine Price(int lineNumber, string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return Fail(JsonText.DescribeSyntaxError(ex));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail($"expected a JSON object, found {root.ValueKind}");
            }

            string? id = ReadString(root, "id");
            string? model = ReadString(root, "model");
            bool batch = root.TryGetProperty("batch", out var batchValue) && batchValue.ValueKind == JsonValueKind.True;

            if (string.IsNullOrWhiteSpace(model))
            {
                return Fail("'model' is missing", id);
            }

            if (!root.TryGetProperty("usage", out var usageElement) || usageElement.ValueKind == JsonValueKind.Null)
            {
                return Fail("'usage' is missing", id, model);
            }

            TokenUsage usage;
            try
            {
                usage = UsageReader.FromJson(usageElement);
            }
            catch (FormatException ex)
            {
                return Fail($"bad usage: {ex.Message}", id, model);
            }

            if (!catalog.TryResolve(model, out var resolution))
            {
                return new PricedLine(lineNumber, id, model, usage, null,
                    $"line {lineNumber}: model '{model}' is not in the price catalog (add it with --catalog FILE)");
            }

            var cost = CostCalculator.Calculate(resolution.Price, usage, batch);
            return new PricedLine(lineNumber, id, model, usage, cost, null);
        }

        PricedLine Fail(string reason, string? id = null, string? model = null) =>
            new(lineNumber, id, model, null, null, $"line {lineNumber}: {reason}");
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
