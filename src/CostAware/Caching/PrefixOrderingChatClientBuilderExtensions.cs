using System.Diagnostics.Metrics;
using CostAware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // The builder extensions live where ChatClientBuilder users look for them.
namespace Microsoft.Extensions.AI;

/// <summary>Adds the CostAware prefix orderer to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class PrefixOrderingChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="PrefixOrderingChatClient"/>: stable prompt blocks first, volatile content last,
    /// provider cache hints placed, cache hits measured.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Cache-hint writers registered in the service provider as <see cref="IPromptCacheHintWriter"/> are
    /// added to those <paramref name="configure"/> sets; the price catalog (for per-model minimum cacheable lengths),
    /// the token counter and the logger factory are taken from the service provider when registered.</remarks>
    public static ChatClientBuilder UsePrefixOrdering(this ChatClientBuilder builder, Action<PrefixOrderingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            var options = new PrefixOrderingOptions { TokenCounter = services.GetService<ITokenCounter>() };
            // The builder's default service provider is empty and answers null, even for a collection.
            foreach (var writer in services.GetService<IEnumerable<IPromptCacheHintWriter>>() ?? [])
            {
                options.CacheHintWriters.Add(writer);
            }

            configure?.Invoke(options);
            return new PrefixOrderingChatClient(
                innerClient,
                options,
                services.GetService<PriceCatalog>(),
                services.GetService<ILoggerFactory>(),
                services.GetService<IMeterFactory>());
        });
    }
}
