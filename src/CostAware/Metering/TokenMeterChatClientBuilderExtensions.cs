using System.Diagnostics.Metrics;
using CostAware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // The builder extensions live where ChatClientBuilder users look for them.
namespace Microsoft.Extensions.AI;

/// <summary>Adds the CostAware token meter to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class TokenMeterChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="TokenMeterChatClient"/> that prices every call of the client below it.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="ledger">Where priced calls go; by default the <see cref="ICostLedger"/> registered in the
    /// service provider (see <c>AddCostAware</c>), else none (the cost is still attached to each response).</param>
    /// <param name="configure">Adjusts the meter's options, after those registered in the service provider.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>The price catalog, logger factory, <see cref="TimeProvider"/> and <see cref="IMeterFactory"/> are
    /// taken from the service provider when registered; the built-in catalog is used otherwise.</remarks>
    public static ChatClientBuilder UseTokenMeter(
        this ChatClientBuilder builder,
        ICostLedger? ledger = null,
        Action<TokenMeterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            var registered = services.GetService<IOptions<TokenMeterOptions>>()?.Value;
            var options = new TokenMeterOptions
            {
                ProviderName = registered?.ProviderName,
                IsBatch = registered?.IsBatch ?? false,
                ExportedDimensions = registered?.ExportedDimensions ?? new TokenMeterOptions().ExportedDimensions,
                EstimateIncompleteStreams = registered?.EstimateIncompleteStreams ?? true,
                AttachCostToResponse = registered?.AttachCostToResponse ?? true,
                TokenCounter = registered?.TokenCounter ?? services.GetService<ITokenCounter>(),
            };
            foreach (var refiner in registered?.UsageRefiners ?? [])
            {
                options.UsageRefiners.Add(refiner);
            }

            foreach (var refiner in services.GetService<IEnumerable<ITokenUsageRefiner>>() ?? [])
            {
                options.UsageRefiners.Add(refiner);
            }

            configure?.Invoke(options);

            return new TokenMeterChatClient(
                innerClient,
                services.GetService<PriceCatalog>() ?? PriceCatalog.BuiltIn,
                ledger ?? services.GetService<ICostLedger>() ?? NullCostLedger.Instance,
                options,
                services.GetService<ILoggerFactory>(),
                services.GetService<TimeProvider>(),
                services.GetService<IMeterFactory>());
        });
    }
}
