using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace CostAware.Cli.Replay;

/// <summary>Builds the two clients a replay compares: the requests as written, and the CostAware pipeline.</summary>
/// <remarks>This is the one place the CostAware pipeline is assembled; each decorator the library adds joins it
/// here, with its defaults and its section of <see cref="ReplaySettings"/>.</remarks>
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

        // Outermost first. The meter sits at the top so that it prices what the application actually pays for,
        // after every decorator below it has had its say.
        return new ChatClientBuilder(provider)
            .UseTokenMeter(ledger, options => CopyMeterOptions(settings.TokenMeter, options))
            .Build(services);
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
