using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Simulation.Tests;

/// <summary>Prompts, catalogs and clients the simulator tests share.</summary>
internal static class SimTestData
{
    public static readonly ITokenCounter Counter = TiktokenTokenCounter.O200kBase;

    private static readonly string[] s_words =
    [
        "policy", "refund", "customer", "order", "shipping", "account", "invoice", "support", "product", "warranty",
        "delivery", "payment", "return", "exchange", "discount", "subscription", "billing", "address", "tracking", "store",
    ];

    /// <summary>A text of exactly <paramref name="tokens"/> o200k tokens (each word after a space is one token).</summary>
    public static string TextOf(int tokens, int salt = 0)
    {
        var words = Enumerable.Range(0, tokens).Select(i => s_words[(i * 7 + salt) % s_words.Length]);
        string text = string.Join(" ", words);
        Counter.CountTokens(text).Should().Be(tokens, "the test text must have the exact size it claims");
        return text;
    }

    /// <summary>A catalog with a test Anthropic model whose minimum cacheable prefix is small.</summary>
    public static PriceCatalog CatalogWith(params ModelPrice[] prices) => PriceCatalog.BuiltIn.WithPrices(prices);

    public static ModelPrice TestAnthropicModel(int minimumCacheable = 100, int? maxOutput = null) => new()
    {
        ModelId = "claude-test",
        Provider = "anthropic",
        InputPerMillion = 3m,
        OutputPerMillion = 15m,
        CachedInputPerMillion = 0.3m,
        CacheWritePerMillion = 3.75m,
        CacheWrite1HourPerMillion = 6m,
        MinimumCacheableTokens = minimumCacheable,
        MaxOutputTokens = maxOutput,
    };

    public static SimulatorOptions Options(TimeProvider? clock = null, int seed = 1, PriceCatalog? catalog = null) => new()
    {
        Seed = seed,
        TimeProvider = clock ?? new FakeTimeProvider(),
        SimulateLatency = false,
        Catalog = catalog,
    };

    public static ChatMessage CachedSystem(string text, Ttl? ttl = null) =>
        new(ChatRole.System, [new TextContent(text).WithCacheControl(ttl ?? Ttl.Ttl5m)]);

    public static ChatMessage User(string text) => new(ChatRole.User, text);

    public static ChatMessage CachedUser(string text, Ttl? ttl = null) =>
        new(ChatRole.User, [new TextContent(text).WithCacheControl(ttl ?? Ttl.Ttl5m)]);

    public static ChatOptions Model(string modelId, int? maxOutputTokens = null) =>
        new() { ModelId = modelId, MaxOutputTokens = maxOutputTokens };

    public static long CacheWrites(UsageDetails usage) =>
        usage.AdditionalCounts!.TryGetValue(UsageReader.CacheCreationKey, out long writes) ? writes : -1;

    public static int CommonPrefix(int[] a, int[] b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }
}
