using System.Diagnostics.Metrics;
using CostAware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // The builder extensions live where ChatClientBuilder users look for them.
namespace Microsoft.Extensions.AI;

/// <summary>Adds the CostAware tier router to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class TierRouterChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="TierRouterChatClient"/> that sends each request to the cheapest capable tier.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Configures the tiers, classifier and thresholds; it receives the service provider.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>A tier without a client of its own uses the keyed <see cref="IChatClient"/> service registered under
    /// its <see cref="ModelTier.ServiceKey"/> (by default its name) when there is one, else the client below the router
    /// in the pipeline, with the tier's model in <see cref="ChatOptions.ModelId"/>. The price catalog, logger factory,
    /// meter factory, time provider and token counter are taken from the service provider when registered.</remarks>
    public static ChatClientBuilder UseTierRouter(this ChatClientBuilder builder, Action<TierRouterOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Use((innerClient, services) =>
        {
            var options = new TierRouterOptions();
            configure(options, services);
            return new TierRouterChatClient(
                options,
                tier => tier.Client ?? ResolveKeyed(services, tier.ServiceKey ?? tier.Name) ?? innerClient,
                innerClient,
                ownsDefaultClient: true,
                services.GetService<PriceCatalog>(),
                services.GetService<ILoggerFactory>(),
                services.GetService<IMeterFactory>(),
                services.GetService<TimeProvider>(),
                services.GetService<ITokenCounter>());
        });
    }

    /// <summary>Adds a <see cref="TierRouterChatClient"/> that sends each request to the cheapest capable tier.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Configures the tiers, classifier and thresholds.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ChatClientBuilder UseTierRouter(this ChatClientBuilder builder, Action<TierRouterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.UseTierRouter((options, _) => configure(options));
    }

    /// <summary>Adds a <see cref="RoutingFeedbackChatClient"/>: each request the escalator below handles becomes a
    /// labelled example for <paramref name="classifier"/>.</summary>
    /// <param name="builder">The pipeline; put this above <c>UseEscalation</c>.</param>
    /// <param name="classifier">The classifier that learns.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ChatClientBuilder UseRoutingFeedback(this ChatClientBuilder builder, EmbeddingDifficultyClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(classifier);
        return builder.Use((innerClient, services) => new RoutingFeedbackChatClient(innerClient, classifier, services.GetService<ILoggerFactory>()));
    }

    private static IChatClient? ResolveKeyed(IServiceProvider services, string key) =>
        services is IKeyedServiceProvider keyed ? keyed.GetKeyedService<IChatClient>(key) : null;
}
