namespace CostAware.Cli.Cascade;

/// <summary>The accuracy and cost of one fixed strategy (always the cheapest tier, always the top one).</summary>
/// <param name="Accuracy">The share of prompts answered correctly (the mean quality).</param>
/// <param name="CostUsd">What every call together cost.</param>
internal sealed record StrategyResult(double Accuracy, decimal CostUsd);

/// <summary>How one validator did on the cheapest tier's answers.</summary>
/// <param name="Name">The validator's name.</param>
/// <param name="Rejected">The cheapest tier's answers it rejected first (before any other validator did).</param>
/// <param name="RejectedWrong">Of those, the answers the data marks wrong: escalations that were needed.</param>
internal sealed record ValidatorCatch(string Name, int Rejected, int RejectedWrong);

/// <summary>The outcome of replaying recorded answers through a cascade.</summary>
internal sealed record CascadeReport
{
    /// <summary>Gets the prompts scored.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the prompts dropped because they are listed as contaminated.</summary>
    public required int DroppedContaminated { get; init; }

    /// <summary>Gets the tiers' models, cheapest first.</summary>
    public required IReadOnlyList<string> Tiers { get; init; }

    /// <summary>Gets the validators' names, in the order they ran.</summary>
    public required IReadOnlyList<string> Validators { get; init; }

    /// <summary>Gets the cascade's accuracy and total cost, rejected attempts included.</summary>
    public required StrategyResult Cascade { get; init; }

    /// <summary>Gets the share of prompts that went past the cheapest tier.</summary>
    public required double EscalationRate { get; init; }

    /// <summary>Gets the share of prompts the cheapest tier's accepted answer settled.</summary>
    public required double AcceptedFirstTierRate { get; init; }

    /// <summary>Gets what the rejected answers cost: money spent on answers that were not used.</summary>
    public required decimal RejectedAttemptCostUsd { get; init; }

    /// <summary>Gets the prompts each tier answered, cheapest first.</summary>
    public required IReadOnlyList<int> AnsweredByTier { get; init; }

    /// <summary>Gets the prompts whose every answer was rejected, the top tier's included; the top tier answered them.</summary>
    public required int Exhausted { get; init; }

    /// <summary>Gets always calling the top tier.</summary>
    public required StrategyResult AlwaysTop { get; init; }

    /// <summary>Gets always calling the cheapest tier.</summary>
    public required StrategyResult AlwaysCheapest { get; init; }

    /// <summary>Gets the escalation rate above which the cascade costs more than always calling the top tier, or
    /// <see langword="null"/> when it cannot be computed.</summary>
    public required double? BreakEvenRate { get; init; }

    /// <summary>Gets how the break-even rate was computed, for people.</summary>
    public required string BreakEvenBasis { get; init; }

    /// <summary>Gets the mean prompt size, in o200k_base tokens.</summary>
    public required double MeanPromptTokens { get; init; }

    /// <summary>Gets the mean answer size of the cheapest and top tiers' recorded answers, in o200k_base tokens.</summary>
    public required double MeanResponseTokens { get; init; }

    /// <summary>Gets the cascade's saving against always calling the top tier, in percent, or
    /// <see langword="null"/> when the top tier cost nothing.</summary>
    public double? SavingsVsTopPercent => AlwaysTop.CostUsd == 0m
        ? null
        : (double)((AlwaysTop.CostUsd - Cascade.CostUsd) / AlwaysTop.CostUsd * 100m);

    /// <summary>Gets what each validator rejected among the cheapest tier's answers.</summary>
    public required IReadOnlyList<ValidatorCatch> Catches { get; init; }

    /// <summary>Gets the cheapest tier's answers that every validator accepted but the data marks wrong.</summary>
    public required int AcceptedWrong { get; init; }
}
