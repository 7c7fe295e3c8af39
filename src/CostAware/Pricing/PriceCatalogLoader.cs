using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CostAware;

/// <summary>What to do with an entry that fails validation while a price file loads.</summary>
public enum InvalidPriceEntryHandling
{
    /// <summary>Throw a <see cref="PriceCatalogException"/> that names every bad model and field.</summary>
    Throw,

    /// <summary>Leave the entry out and report it in <see cref="PriceCatalogLoadResult.Rejected"/>.</summary>
    Skip,
}

/// <summary>The prices read from a file, and what was skipped and why.</summary>
public sealed class PriceCatalogLoadResult
{
    internal PriceCatalogLoadResult(
        IReadOnlyList<ModelPrice> prices,
        int entriesRead,
        int skippedNotModels,
        int skippedNotChat,
        int skippedWithoutTokenPrices,
        IReadOnlyList<PriceCatalogError> rejected,
        IReadOnlyList<PriceAdjustment> adjustments)
    {
        Prices = prices;
        EntriesRead = entriesRead;
        SkippedNotModels = skippedNotModels;
        SkippedNotChat = skippedNotChat;
        SkippedWithoutTokenPrices = skippedWithoutTokenPrices;
        Rejected = rejected;
        Adjustments = adjustments;
    }

    /// <summary>Gets the prices read.</summary>
    public IReadOnlyList<ModelPrice> Prices { get; }

    /// <summary>Gets the number of top-level entries in the file.</summary>
    public int EntriesRead { get; }

    /// <summary>Gets the number of keys that are not models (LiteLLM's <c>sample_spec</c>, for example).</summary>
    public int SkippedNotModels { get; }

    /// <summary>Gets the number of models that are not chat models (embeddings, images, audio, ...).</summary>
    public int SkippedNotChat { get; }

    /// <summary>Gets the number of chat models listed without per-token input and output prices.</summary>
    public int SkippedWithoutTokenPrices { get; }

    /// <summary>Gets the entries left out because they failed validation (only with
    /// <see cref="InvalidPriceEntryHandling.Skip"/>).</summary>
    public IReadOnlyList<PriceCatalogError> Rejected { get; }

    /// <summary>Gets the adjustments the file declares (the project's own format only).</summary>
    public IReadOnlyList<PriceAdjustment> Adjustments { get; }

    /// <summary>Builds a catalog from the prices read, with the file's adjustments.</summary>
    /// <returns>The catalog.</returns>
    public PriceCatalog ToCatalog() => new(Prices, Adjustments);
}

/// <summary>
/// Reads price files: the project's own JSON format (prices per million tokens) and LiteLLM's community
/// <c>model_prices_and_context_window.json</c> (prices per token).
/// </summary>
/// <remarks>
/// <para>The project's format is one object with a <c>models</c> array; each model has <c>model</c>, <c>provider</c>,
/// <c>input</c>, <c>output</c> and optionally <c>cached_input</c>, <c>cache_write</c>, <c>cache_write_1h</c>,
/// <c>reasoning_output</c>, <c>batch_input</c>, <c>batch_output</c>, <c>max_input_tokens</c>, <c>max_output_tokens</c>,
/// <c>min_cacheable_tokens</c>, <c>snapshots_share_price</c>, <c>checked_on</c> and <c>long_context</c> (an array of
/// objects with <c>above_tokens</c> and the same price names). A top-level <c>adjustments</c> array holds objects
/// with <c>provider</c> or <c>model</c> and <c>multiplier</c>. Unknown fields are errors, so a misspelt price is
/// never silently ignored.</para>
/// <para>In LiteLLM's format, keys that are not models, models that are not chat models and chat models without
/// per-token prices are skipped and counted, never thrown.</para>
/// </remarks>
public static partial class PriceCatalogLoader
{
    private static readonly HashSet<string> s_ownModelFields =
    [
        "model", "provider", "input", "output", "cached_input", "cache_write", "cache_write_1h", "reasoning_output",
        "batch_input", "batch_output", "max_input_tokens", "max_output_tokens", "min_cacheable_tokens",
        "snapshots_share_price", "checked_on", "long_context",
    ];

    private static readonly HashSet<string> s_ownTierFields =
        ["above_tokens", "input", "cached_input", "cache_write", "cache_write_1h", "output"];

    /// <summary>Reads a price file, telling the two formats apart by their shape.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="handling">What to do with an entry that fails validation.</param>
    /// <returns>The prices and the load report.</returns>
    /// <exception cref="PriceCatalogException">The file is not valid price data.</exception>
    public static PriceCatalogLoadResult LoadFile(string path, InvalidPriceEntryHandling handling = InvalidPriceEntryHandling.Throw)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        return Load(stream, handling, path);
    }

    /// <summary>Reads price data, telling the two formats apart by their shape.</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <param name="handling">What to do with an entry that fails validation.</param>
    /// <param name="sourceName">A name for the data in error messages, such as its file name.</param>
    /// <returns>The prices and the load report.</returns>
    /// <exception cref="PriceCatalogException">The data is not valid price data.</exception>
    public static PriceCatalogLoadResult Load(Stream utf8Json, InvalidPriceEntryHandling handling = InvalidPriceEntryHandling.Throw, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var document = Parse(utf8Json, sourceName);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array
            ? ReadOwn(root, handling)
            : ReadLiteLlm(root, handling);
    }

    /// <summary>Reads LiteLLM's <c>model_prices_and_context_window.json</c> format.</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <param name="handling">What to do with an entry that fails validation.</param>
    /// <returns>The prices and the load report.</returns>
    /// <exception cref="PriceCatalogException">The data is not a JSON object.</exception>
    public static PriceCatalogLoadResult LoadLiteLlm(Stream utf8Json, InvalidPriceEntryHandling handling = InvalidPriceEntryHandling.Throw)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var document = Parse(utf8Json, null);
        return ReadLiteLlm(document.RootElement, handling);
    }

    /// <summary>Reads the project's own price format.</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <param name="handling">What to do with an entry that fails validation.</param>
    /// <returns>The prices and the load report.</returns>
    /// <exception cref="PriceCatalogException">The data is not valid price data.</exception>
    public static PriceCatalogLoadResult LoadOwn(Stream utf8Json, InvalidPriceEntryHandling handling = InvalidPriceEntryHandling.Throw)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var document = Parse(utf8Json, null);
        return ReadOwn(document.RootElement, handling);
    }

    private static JsonDocument Parse(Stream stream, string? sourceName)
    {
        try
        {
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new PriceCatalogException(
                $"{sourceName ?? "the price data"} is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}", ex);
        }
    }

    private static PriceCatalogLoadResult ReadLiteLlm(JsonElement root, InvalidPriceEntryHandling handling)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PriceCatalogException([new PriceCatalogError(null, "root", "LiteLLM price data must be a JSON object keyed by model name")]);
        }

        var prices = new List<ModelPrice>();
        var rejected = new List<PriceCatalogError>();
        int read = 0, notModels = 0, notChat = 0, withoutPrices = 0;
        foreach (var entry in root.EnumerateObject())
        {
            read++;
            if (entry.Value.ValueKind != JsonValueKind.Object || entry.Name is "sample_spec" or "fallback_generalizations")
            {
                notModels++;
                continue;
            }

            var value = entry.Value;
            string? mode = GetString(value, "mode");
            if (mode is not ("chat" or "responses"))
            {
                notChat++;
                continue;
            }

            var errors = new List<PriceCatalogError>();
            decimal? input = LiteLlmPrice(value, entry.Name, "input_cost_per_token", errors);
            decimal? output = LiteLlmPrice(value, entry.Name, "output_cost_per_token", errors);
            if (errors.Count == 0 && (input is null || output is null))
            {
                withoutPrices++;
                continue;
            }

            var price = new ModelPrice
            {
                ModelId = entry.Name,
                Provider = GetString(value, "litellm_provider"),
                InputPerMillion = input ?? 0m,
                OutputPerMillion = output ?? 0m,
                CachedInputPerMillion = LiteLlmPrice(value, entry.Name, "cache_read_input_token_cost", errors),
                CacheWritePerMillion = LiteLlmPrice(value, entry.Name, "cache_creation_input_token_cost", errors),
                CacheWrite1HourPerMillion = LiteLlmPrice(value, entry.Name, "cache_creation_input_token_cost_above_1hr", errors),
                ReasoningOutputPerMillion = LiteLlmPrice(value, entry.Name, "output_cost_per_reasoning_token", errors),
                BatchInputPerMillion = LiteLlmPrice(value, entry.Name, "input_cost_per_token_batches", errors),
                BatchOutputPerMillion = LiteLlmPrice(value, entry.Name, "output_cost_per_token_batches", errors),
                LongContextTiers = LiteLlmTiers(value, entry.Name, errors),
                MaxInputTokens = PositiveOrNull(GetInt(value, entry.Name, "max_input_tokens", errors)),
                MaxOutputTokens = PositiveOrNull(GetInt(value, entry.Name, "max_output_tokens", errors)),
                MinimumCacheableTokens = GetInt(value, entry.Name, "prompt_cache_min_tokens", errors),
            };

            Accept(price, errors, prices, rejected);
        }

        ThrowIfRejected(rejected, handling);
        return new PriceCatalogLoadResult(prices, read, notModels, notChat, withoutPrices, rejected, []);
    }

    private static PriceCatalogLoadResult ReadOwn(JsonElement root, InvalidPriceEntryHandling handling)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            throw new PriceCatalogException([new PriceCatalogError(null, "models", "the file must be an object with a 'models' array")]);
        }

        DateOnly? fileCheckedOn = null;
        var fileErrors = new List<PriceCatalogError>();
        if (root.TryGetProperty("checked_on", out var checkedOn))
        {
            fileCheckedOn = ReadDate(checkedOn, null, fileErrors);
        }

        var prices = new List<ModelPrice>();
        var rejected = new List<PriceCatalogError>();
        int index = 0;
        foreach (var model in models.EnumerateArray())
        {
            var errors = new List<PriceCatalogError>();
            string where = $"models[{index++}]";
            if (model.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new PriceCatalogError(null, where, "each model must be a JSON object"));
                Accept(null, errors, prices, rejected);
                continue;
            }

            string id = GetString(model, "model") ?? string.Empty;
            string name = id.Length == 0 ? where : id;
            if (id.Length == 0)
            {
                errors.Add(new PriceCatalogError(null, where + ".model", "the model id is missing"));
            }

            foreach (var property in model.EnumerateObject())
            {
                if (!s_ownModelFields.Contains(property.Name))
                {
                    errors.Add(new PriceCatalogError(name, property.Name, "unknown field; check its spelling against the documented format"));
                }
            }

            decimal? input = OwnPrice(model, name, "input", errors);
            decimal? output = OwnPrice(model, name, "output", errors);
            if (input is null)
            {
                errors.Add(new PriceCatalogError(name, "input", "the input price is required"));
            }

            if (output is null)
            {
                errors.Add(new PriceCatalogError(name, "output", "the output price is required"));
            }

            var price = new ModelPrice
            {
                ModelId = name,
                Provider = GetString(model, "provider"),
                InputPerMillion = input ?? 0m,
                OutputPerMillion = output ?? 0m,
                CachedInputPerMillion = OwnPrice(model, name, "cached_input", errors),
                CacheWritePerMillion = OwnPrice(model, name, "cache_write", errors),
                CacheWrite1HourPerMillion = OwnPrice(model, name, "cache_write_1h", errors),
                ReasoningOutputPerMillion = OwnPrice(model, name, "reasoning_output", errors),
                BatchInputPerMillion = OwnPrice(model, name, "batch_input", errors),
                BatchOutputPerMillion = OwnPrice(model, name, "batch_output", errors),
                LongContextTiers = OwnTiers(model, name, errors),
                MaxInputTokens = GetInt(model, name, "max_input_tokens", errors),
                MaxOutputTokens = GetInt(model, name, "max_output_tokens", errors),
                MinimumCacheableTokens = GetInt(model, name, "min_cacheable_tokens", errors),
                SnapshotsSharePrice = model.TryGetProperty("snapshots_share_price", out var share) && share.ValueKind == JsonValueKind.True,
                CheckedOn = model.TryGetProperty("checked_on", out var modelChecked) ? ReadDate(modelChecked, name, errors) : fileCheckedOn,
            };

            Accept(price, errors, prices, rejected);
        }

        var adjustments = new List<PriceAdjustment>();
        if (root.TryGetProperty("adjustments", out var adjustmentArray) && adjustmentArray.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in adjustmentArray.EnumerateArray())
            {
                string where = $"adjustments[{i++}]";
                decimal? multiplier = OwnPrice(item, where, "multiplier", fileErrors);
                string? provider = GetString(item, "provider");
                string? model = GetString(item, "model");
                if (multiplier is null || (provider is null && model is null))
                {
                    fileErrors.Add(new PriceCatalogError(null, where, "an adjustment needs 'provider' or 'model', and 'multiplier'"));
                    continue;
                }

                adjustments.Add(new PriceAdjustment { Provider = provider, ModelId = model, Multiplier = multiplier.Value });
            }
        }

        if (fileErrors.Count > 0)
        {
            throw new PriceCatalogException(fileErrors);
        }

        ThrowIfRejected(rejected, handling);
        return new PriceCatalogLoadResult(prices, index, 0, 0, 0, rejected, adjustments);
    }

    private static void Accept(
        ModelPrice? price,
        List<PriceCatalogError> errors,
        List<ModelPrice> prices,
        List<PriceCatalogError> rejected)
    {
        if (price is not null && errors.Count == 0)
        {
            PriceValidator.Validate(price, errors);
        }

        if (errors.Count == 0 && price is not null)
        {
            prices.Add(price);
        }
        else
        {
            rejected.AddRange(errors);
        }
    }

    private static void ThrowIfRejected(List<PriceCatalogError> rejected, InvalidPriceEntryHandling handling)
    {
        if (rejected.Count > 0 && handling == InvalidPriceEntryHandling.Throw)
        {
            throw new PriceCatalogException(rejected);
        }
    }

    private static decimal? LiteLlmPrice(JsonElement value, string model, string field, List<PriceCatalogError> errors)
    {
        decimal? perToken = ReadDecimal(value, model, field, errors);
        return perToken * 1_000_000m;
    }

    private static decimal? OwnPrice(JsonElement value, string model, string field, List<PriceCatalogError> errors) =>
        ReadDecimal(value, model, field, errors);

    private static decimal? ReadDecimal(JsonElement value, string model, string field, List<PriceCatalogError> errors)
    {
        if (!value.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number &&
            decimal.TryParse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed))
        {
            return parsed;
        }

        errors.Add(new PriceCatalogError(model, field, $"expected a number, found {element.ValueKind}: {Truncate(element.GetRawText())}"));
        return null;
    }

    private static int? GetInt(JsonElement value, string model, string field, List<PriceCatalogError> errors)
    {
        if (!value.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out double number) &&
            number >= 0 && number <= int.MaxValue && Math.Floor(number) == number)
        {
            return (int)number;
        }

        errors.Add(new PriceCatalogError(model, field, $"expected a whole number of tokens, found {Truncate(element.GetRawText())}"));
        return null;
    }

    // LiteLLM writes 0 where a limit is not known.
    private static int? PositiveOrNull(int? value) => value > 0 ? value : null;

    private static string? GetString(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(field, out var element) && element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : null;

    private static DateOnly? ReadDate(JsonElement element, string? model, List<PriceCatalogError> errors)
    {
        if (element.ValueKind == JsonValueKind.String &&
            DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new PriceCatalogError(model, "checked_on", $"expected a date as yyyy-MM-dd, found {Truncate(element.GetRawText())}"));
        return null;
    }

    private static LongContextPrice[] LiteLlmTiers(JsonElement value, string model, List<PriceCatalogError> errors)
    {
        Dictionary<long, Dictionary<string, decimal?>>? tiers = null;
        foreach (var property in value.EnumerateObject())
        {
            var match = LiteLlmTierField().Match(property.Name);
            if (!match.Success)
            {
                continue;
            }

            long threshold = long.Parse(match.Groups["k"].Value, CultureInfo.InvariantCulture) * 1000;
            tiers ??= [];
            if (!tiers.TryGetValue(threshold, out var fields))
            {
                tiers[threshold] = fields = new Dictionary<string, decimal?>(StringComparer.Ordinal);
            }

            fields[match.Groups["kind"].Value] = LiteLlmPrice(value, model, property.Name, errors);
        }

        if (tiers is null)
        {
            return [];
        }

        return [.. tiers.OrderBy(t => t.Key).Select(t => new LongContextPrice
        {
            ThresholdTokens = t.Key,
            InputPerMillion = t.Value.GetValueOrDefault("input_cost_per_token"),
            OutputPerMillion = t.Value.GetValueOrDefault("output_cost_per_token"),
            CachedInputPerMillion = t.Value.GetValueOrDefault("cache_read_input_token_cost"),
            CacheWritePerMillion = t.Value.GetValueOrDefault("cache_creation_input_token_cost"),
            CacheWrite1HourPerMillion = t.Value.GetValueOrDefault("cache_creation_input_token_cost_above_1hr"),
        })];
    }

    private static LongContextPrice[] OwnTiers(JsonElement model, string name, List<PriceCatalogError> errors)
    {
        if (!model.TryGetProperty("long_context", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new PriceCatalogError(name, "long_context", "expected an array of tiers"));
            return [];
        }

        var tiers = new List<LongContextPrice>();
        int index = 0;
        foreach (var tier in array.EnumerateArray())
        {
            string field = $"long_context[{index++}]";
            if (tier.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new PriceCatalogError(name, field, "expected an object"));
                continue;
            }

            foreach (var property in tier.EnumerateObject())
            {
                if (!s_ownTierFields.Contains(property.Name))
                {
                    errors.Add(new PriceCatalogError(name, $"{field}.{property.Name}", "unknown field"));
                }
            }

            int? threshold = GetInt(tier, name, "above_tokens", errors);
            if (threshold is null)
            {
                errors.Add(new PriceCatalogError(name, field + ".above_tokens", "a tier needs its threshold in tokens"));
                continue;
            }

            tiers.Add(new LongContextPrice
            {
                ThresholdTokens = threshold.Value,
                InputPerMillion = OwnPrice(tier, name, "input", errors),
                CachedInputPerMillion = OwnPrice(tier, name, "cached_input", errors),
                CacheWritePerMillion = OwnPrice(tier, name, "cache_write", errors),
                CacheWrite1HourPerMillion = OwnPrice(tier, name, "cache_write_1h", errors),
                OutputPerMillion = OwnPrice(tier, name, "output", errors),
            });
        }

        return [.. tiers];
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    [GeneratedRegex(@"^(?<kind>input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|cache_creation_input_token_cost_above_1hr)_above_(?<k>\d+)k_tokens$", RegexOptions.CultureInvariant)]
    private static partial Regex LiteLlmTierField();
}
