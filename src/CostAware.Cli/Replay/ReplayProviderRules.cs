namespace CostAware.Cli.Replay;

/// <summary>Which provider's caching rules a replay runs under (<c>--rules</c>): by default each request goes to the
/// simulator of its model's provider; with <c>openai</c> or <c>anthropic</c> every request goes to that provider's
/// simulator, and a model of the other provider is replaced by the one chosen for it.</summary>
internal sealed class ReplayProviderRules
{
    /// <summary>The name of the default: each model on its own provider's simulator.</summary>
    public const string ByModel = "model";

    /// <summary>Every request on the OpenAI simulator.</summary>
    public const string OpenAI = "openai";

    /// <summary>Every request on the Anthropic simulator.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>The model a non-Claude model becomes under <see cref="Anthropic"/> rules by default.</summary>
    public const string DefaultAnthropicModel = "claude-sonnet-4-5";

    /// <summary>The model a Claude model becomes under <see cref="OpenAI"/> rules by default.</summary>
    public const string DefaultOpenAIModel = "gpt-4o";

    private ReplayProviderRules(string name, string? targetModel)
    {
        Name = name;
        TargetModel = targetModel;
    }

    /// <summary>Gets the rules' name: <see cref="ByModel"/>, <see cref="OpenAI"/> or <see cref="Anthropic"/>.</summary>
    public string Name { get; }

    /// <summary>Gets the model that models of the other provider are mapped to, or <see langword="null"/> when no
    /// model is mapped.</summary>
    public string? TargetModel { get; }

    /// <summary>Reads the command line's choice.</summary>
    /// <param name="rules"><see cref="OpenAI"/>, <see cref="Anthropic"/>, or <see langword="null"/> for
    /// <see cref="ByModel"/>.</param>
    /// <param name="anthropicModel">The Claude model for <see cref="Anthropic"/> rules, or <see langword="null"/> for
    /// <see cref="DefaultAnthropicModel"/>.</param>
    /// <param name="openAIModel">The OpenAI model for <see cref="OpenAI"/> rules, or <see langword="null"/> for
    /// <see cref="DefaultOpenAIModel"/>.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="CliException">The rules are unknown, or the chosen model belongs to the other
    /// provider.</exception>
    public static ReplayProviderRules Create(string? rules, string? anthropicModel, string? openAIModel)
    {
        switch (rules)
        {
            case null or ByModel:
                return new ReplayProviderRules(ByModel, null);
            case Anthropic:
                string claude = anthropicModel ?? DefaultAnthropicModel;
                return ReplayEngine.SimulatorKeyOf(claude) == Anthropic
                    ? new ReplayProviderRules(Anthropic, claude)
                    : throw new CliException($"--anthropic-model '{claude}' is not a Claude model; name one such as {DefaultAnthropicModel}.");
            case OpenAI:
                string gpt = openAIModel ?? DefaultOpenAIModel;
                return ReplayEngine.SimulatorKeyOf(gpt) == OpenAI
                    ? new ReplayProviderRules(OpenAI, gpt)
                    : throw new CliException($"--openai-model '{gpt}' is a Claude model; name an OpenAI model such as {DefaultOpenAIModel}.");
            default:
                throw new CliException($"--rules '{rules}' is not known; valid values are {OpenAI} and {Anthropic}.");
        }
    }

    /// <summary>Returns the model a request's model is replayed as.</summary>
    /// <param name="model">The model the request names.</param>
    /// <returns>The model itself, or <see cref="TargetModel"/> when it belongs to the other provider.</returns>
    public string? Map(string? model) =>
        TargetModel is null || ReplayEngine.SimulatorKeyOf(model) == Name ? model : TargetModel;

    /// <summary>Applies the rules to a workload.</summary>
    /// <param name="requests">The requests as read.</param>
    /// <returns>The requests with their models mapped (the same instances where nothing changed), and each model
    /// that was mapped with the model it became.</returns>
    public (IReadOnlyList<ReplayRequest> Requests, IReadOnlyDictionary<string, string> MappedModels) Apply(IReadOnlyList<ReplayRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var mapped = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var result = new List<ReplayRequest>(requests.Count);
        foreach (var request in requests)
        {
            string? model = request.Options.ModelId;
            string? target = Map(model);
            if (string.Equals(model, target, StringComparison.Ordinal))
            {
                result.Add(request);
                continue;
            }

            mapped[model ?? string.Empty] = target!;
            var options = request.Options.Clone();
            options.ModelId = target;
            result.Add(request with { Options = options });
        }

        return (result, mapped);
    }
}
