using System.Diagnostics.Metrics;
using CostAware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // The builder extensions live where ChatClientBuilder users look for them.
namespace Microsoft.Extensions.AI;

/// <summary>Adds the CostAware context pruner to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class ContextPruningChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="ContextPruningChatClient"/>: requests over their token budget are reduced by removing
    /// superseded tool results, shortening large ones, and summarizing or dropping older turns.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>The price catalog (for context windows), the token counter, the logger factory and the
    /// <see cref="IMeterFactory"/> are taken from the service provider when registered.</remarks>
    public static ChatClientBuilder UseContextPruning(this ChatClientBuilder builder, Action<ContextPruningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            var options = new ContextPruningOptions { TokenCounter = services.GetService<ITokenCounter>() };
            configure?.Invoke(options);
            return new ContextPruningChatClient(
                innerClient,
                options,
                services.GetService<PriceCatalog>(),
                services.GetService<ILoggerFactory>(),
                services.GetService<IMeterFactory>());
        });
    }
}
