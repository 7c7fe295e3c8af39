using CostAware;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // DI helpers live where service registration code looks for them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CostAware's shared services.</summary>
public static class CostAwareServiceCollectionExtensions
{
    /// <summary>
    /// Registers the price catalog, the in-memory cost ledger (as <see cref="ICostLedger"/> and
    /// <see cref="InMemoryCostLedger"/>), the token counter, <see cref="TimeProvider.System"/> and the options of the
    /// CostAware decorators. Services already registered are kept, so a custom ledger registered before this call wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures where prices come from and how the ledger keeps entries.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddCostAware(this IServiceCollection services, Action<CostAwareOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var optionsBuilder = services.AddOptions<CostAwareOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddOptions<TokenMeterOptions>();
        services.TryAddSingleton(static sp => sp.GetRequiredService<IOptions<CostAwareOptions>>().Value.BuildCatalog());
        services.TryAddSingleton(static sp =>
            new InMemoryCostLedger(sp.GetRequiredService<IOptions<CostAwareOptions>>().Value.MaximumRetainedLedgerEntries));
        services.TryAddSingleton<ICostLedger>(static sp => sp.GetRequiredService<InMemoryCostLedger>());
        services.TryAddSingleton<ITokenCounter>(TiktokenTokenCounter.O200kBase);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
