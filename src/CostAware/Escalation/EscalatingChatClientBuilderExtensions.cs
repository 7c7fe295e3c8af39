using System.Diagnostics.Metrics;
using CostAware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // The builder extensions live where ChatClientBuilder users look for them.
namespace Microsoft.Extensions.AI;

/// <summary>Adds the CostAware escalator to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class EscalatingChatClientBuilderExtensions
{
    /// <summary>Adds an <see cref="EscalatingChatClient"/>: the cheaper tiers configured are tried first, the client
    /// below in the pipeline is the strongest tier.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Adds the cheaper tiers and the validators; it receives the service provider, so tiers
    /// can be keyed clients (<c>services.GetRequiredKeyedService&lt;IChatClient&gt;("small")</c>).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Put a token meter on every tier's client so that each attempt is priced; the price catalog, logger
    /// factory and meter factory are taken from the service provider when registered.</remarks>
    public static ChatClientBuilder UseEscalation(this ChatClientBuilder builder, Action<EscalationOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Use((innerClient, services) =>
        {
            var options = new EscalationOptions();
            configure(options, services);
            return new EscalatingChatClient(
                innerClient,
                options,
                services.GetService<PriceCatalog>(),
                services.GetService<ILoggerFactory>(),
                services.GetService<IMeterFactory>());
        });
    }

    /// <summary>Adds an <see cref="EscalatingChatClient"/>: the cheaper tiers configured are tried first, the client
    /// below in the pipeline is the strongest tier.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Adds the cheaper tiers and the validators.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ChatClientBuilder UseEscalation(this ChatClientBuilder builder, Action<EscalationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.UseEscalation((options, _) => configure(options));
    }
}
