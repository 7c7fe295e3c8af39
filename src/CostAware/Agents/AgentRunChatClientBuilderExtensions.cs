using System.Diagnostics.Metrics;
using CostAware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable IDE0130 // The builder extensions live where ChatClientBuilder users look for them.
namespace Microsoft.Extensions.AI;

/// <summary>Adds the CostAware agent runner to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class AgentRunChatClientBuilderExtensions
{
    /// <summary>Adds an <see cref="AgentRunChatClient"/> that bounds agent runs by steps, tokens, dollars and time.
    /// Add it after <c>UseFunctionInvocation()</c>, so that it sits inside the function-invoking client and sees each
    /// model call of the tool loop.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Sets the bounds and adds the cheaper tiers; it receives the service provider, so tiers
    /// can be keyed clients.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>The client below in the pipeline is the strongest tier. The price catalog, logger factory,
    /// <see cref="TimeProvider"/> and meter factory are taken from the service provider when registered.</remarks>
    public static ChatClientBuilder UseAgentBudget(this ChatClientBuilder builder, Action<AgentRunOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Use((innerClient, services) =>
        {
            var options = new AgentRunOptions();
            configure(options, services);
            return new AgentRunChatClient(
                innerClient,
                options,
                services.GetService<PriceCatalog>(),
                services.GetService<ILoggerFactory>(),
                services.GetService<TimeProvider>(),
                services.GetService<IMeterFactory>());
        });
    }

    /// <summary>Adds an <see cref="AgentRunChatClient"/> that bounds agent runs by steps, tokens, dollars and time.
    /// Add it after <c>UseFunctionInvocation()</c>.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Sets the bounds and adds the cheaper tiers; <see langword="null"/> keeps the
    /// defaults.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ChatClientBuilder UseAgentBudget(this ChatClientBuilder builder, Action<AgentRunOptions>? configure = null) =>
        builder.UseAgentBudget((options, _) => configure?.Invoke(options));
}
