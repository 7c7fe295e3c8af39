using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>What differs between simulated providers: caching, reasoning and how usage is reported.</summary>
internal abstract class ProviderModel
{
    public abstract string ProviderName { get; }

    public abstract string ResponseIdPrefix { get; }

    /// <summary>Checks a request the way the API would before accepting it.</summary>
    public virtual void Validate(EncodedPrompt prompt)
    {
    }

    /// <summary>Reads and writes the provider's prompt cache for one accepted request.</summary>
    public abstract PromptCacheUsage ApplyCache(string modelId, EncodedPrompt prompt);

    public abstract bool IsReasoningModel(string modelId);

    /// <summary>Reports usage exactly as the provider's Microsoft.Extensions.AI adapter does.</summary>
    public abstract UsageDetails ToUsageDetails(SimulatedUsage usage);
}
