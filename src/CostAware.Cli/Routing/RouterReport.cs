namespace CostAware.Cli.Routing;

/// <summary>The outcome of scoring a router, beside the random and oracle baselines.</summary>
internal sealed record RouterReport
{
    /// <summary>Gets the prompts scored.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the prompts removed because <c>contaminated_prompts.jsonl</c> lists them.</summary>
    public required int RemovedContaminated { get; init; }

    /// <summary>Gets the prompts left out for another reason, with the reason.</summary>
    public required IReadOnlyList<string> Skipped { get; init; }

    /// <summary>Gets the classifier's name.</summary>
    public required string Classifier { get; init; }

    /// <summary>Gets the number of cross-validation folds, or <see langword="null"/> for a classifier that does not
    /// learn.</summary>
    public required int? Folds { get; init; }

    /// <summary>Gets the weak model's name.</summary>
    public required string Weak { get; init; }

    /// <summary>Gets the strong model's name.</summary>
    public required string Strong { get; init; }

    /// <summary>Gets the weak model's mean quality.</summary>
    public required double WeakQuality { get; init; }

    /// <summary>Gets the strong model's mean quality.</summary>
    public required double StrongQuality { get; init; }

    /// <summary>Gets a value indicating whether quality is a share in [0, 1] rather than a judge's score.</summary>
    public required bool QualityIsShare { get; init; }

    /// <summary>Gets the router's metrics.</summary>
    public required RouterMetrics Router { get; init; }

    /// <summary>Gets the random router's metrics, computed analytically.</summary>
    public required RouterMetrics Random { get; init; }

    /// <summary>Gets the oracle's metrics.</summary>
    public required RouterMetrics Oracle { get; init; }

    /// <summary>Gets a value indicating whether savings come from priced calls (else from the strong-call share).</summary>
    public required bool SavingFromCost { get; init; }

    /// <summary>Gets how calls were priced, or why they could not be.</summary>
    public required string CostBasis { get; init; }

    /// <summary>Gets what sending every prompt to the weak model costs, when calls are priced.</summary>
    public required double? WeakCostUsd { get; init; }

    /// <summary>Gets what sending every prompt to the strong model costs, when calls are priced.</summary>
    public required double? StrongCostUsd { get; init; }
}
