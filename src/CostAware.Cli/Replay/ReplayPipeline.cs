using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace CostAware.Cli.Replay;

/// <summary>Builds the two clients a replay compares over one provider client: the requests as written, and the
/// CostAware pipeline.</summary>
/// <remarks>This is the one place the CostAware pipeline is assembled; each decorator the library adds joins it
/// here, with its defaults and its section of <see cref="ReplaySettings"/>. Both are built over each provider client
/// (one simulator, or one endpoint model), not over the router that picks it, because decorators such as the prefix
/// orderer read the provider's <see cref="ChatClientMetadata"/> to choose their hints.</remarks>
internal static class ReplayPipeline
{
    /// <summary>Wraps a provider in the token meter alone, so that the requests run as written and are priced.</summary>
    /// <param name="provider">The provider (simulator or endpoint).</param>
    /// <param name="catalog">The prices.</param>
    /// <param name="ledger">Where priced calls go.</param>
    /// <param name="settings">The meter's options.</param>
    /// <param name="timeProvider">The clock the meter stamps entries with.</param>
    /// <returns>The client.</returns>
    public static IChatClient CreateBaseline(
        IChatClient provider,
        PriceCatalog catalog,
        ICostLedger ledger,
        ReplaySettings settings,
        TimeProvider timeProvider) =>
        new TokenMeterChatClient(provider, catalog, ledger, CopyMeterOptions(settings.TokenMeter), timeProvider: timeProvider);

    /// <summary>Builds the CostAware pipeline over a provider: every CostAware decorator, with its defaults and the
    /// configured options.</summary>
    /// <param name="provider">The provider (simulator or endpoint).</param>
    /// <param name="catalog">The prices.</param>
    /// <param name="ledger">Where priced calls go.</param>
    /// <param name="settings">The decorators' options.</param>
    /// <param name="timeProvider">The clock the decorators use.</param>
    /// <returns>The client; disposing it disposes the provider.</returns>
    public static IChatClient CreateCostAware(
        IChatClient provider,
        PriceCatalog catalog,
        ICostLedger ledger,
        ReplaySettings settings,
        TimeProvider timeProvider)
    {
        var services = new ServiceCollection()
            .AddSingleton(catalog)
            .AddSingleton(timeProvider)
            .BuildServiceProvider();

        // Outermost first. The prefix orderer rewrites the request; the meter below it prices exactly what is sent
        // and what the provider reports for it. The orderer's hint writers match the provider the meter passes the
        // metadata of, so only the simulator's (or endpoint's) own kind of hint is written.
        return new ChatClientBuilder(provider)
            .UsePrefixOrdering(options => ConfigurePrefixOrdering(settings.PrefixOrdering, options))
            .UseTokenMeter(ledger, options => CopyMeterOptions(settings.TokenMeter, options))
            .Build(services);
    }

    private static void ConfigurePrefixOrdering(PrefixOrderingOptions source, PrefixOrderingOptions target)
    {
        target.Mode = source.Mode;
        target.Placement = source.Placement;
        target.SortTools = source.SortTools;
        target.SortDocuments = source.SortDocuments;
        target.LearnFromTraffic = source.LearnFromTraffic;
        target.VolatileWarningTokenWindow = source.VolatileWarningTokenWindow;
        target.StableBlockCacheLifetime = source.StableBlockCacheLifetime;
        target.WriteCacheOnlyForRepeatedPrefixes = source.WriteCacheOnlyForRepeatedPrefixes;
        target.CacheHintWriters.Add(new AnthropicCacheHintWriter());
        target.CacheHintWriters.Add(new OpenAIPromptCacheKeyWriter());
    }

    private static TokenMeterOptions CopyMeterOptions(TokenMeterOptions source, TokenMeterOptions? target = null)
    {
        target ??= new TokenMeterOptions();
        target.ProviderName = source.ProviderName;
        target.IsBatch = source.IsBatch;
        target.ExportedDimensions = source.ExportedDimensions;
        target.EstimateIncompleteStreams = source.EstimateIncompleteStreams;
        target.TokenCounter = source.TokenCounter ?? target.TokenCounter;
        return target;
    }
}
