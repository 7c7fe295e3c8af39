using Microsoft.Extensions.AI;

namespace CostAware.Cli.Cascade;

/// <summary>Replays recorded answers through a cascade's validators and adds up accuracy and cost; no model is called.</summary>
/// <remarks>For each prompt the tiers are walked cheapest first: the first answer every validator accepts is the
/// cascade's answer, each rejected answer is paid for as well, and when every answer is rejected the top tier's
/// stands. A call costs what the data records, or else its o200k_base token counts at the tier's catalog price.</remarks>
internal sealed class CascadeEvaluator
{
    // An answer of quality below this counts as wrong when telling needed escalations from needless ones.
    private const double CorrectQuality = 0.5;

    private readonly IReadOnlyList<string> _tiers;
    private readonly IReadOnlyList<(string Name, IAnswerValidator Validator)> _validators;
    private readonly IReadOnlyList<ModelPrice?> _prices;
    private readonly EscalationTier[] _escalationTiers;
    private readonly TiktokenTokenCounter _counter = TiktokenTokenCounter.O200kBase;

    /// <summary>Initializes a new instance of the <see cref="CascadeEvaluator"/> class.</summary>
    /// <param name="tiers">The tiers' models, cheapest first.</param>
    /// <param name="validators">The validators; an answer must pass all of them.</param>
    /// <param name="prices">Per tier, the catalog price, or <see langword="null"/> where the data records costs.</param>
    public CascadeEvaluator(
        IReadOnlyList<string> tiers,
        IReadOnlyList<(string Name, IAnswerValidator Validator)> validators,
        IReadOnlyList<ModelPrice?> prices)
    {
        _tiers = tiers;
        _validators = validators;
        _prices = prices;
        _escalationTiers = [.. tiers.Select(t => new EscalationTier(t, new RecordedAnswerChatClient(t), t))];
    }

    /// <summary>Scores the rows.</summary>
    /// <param name="rows">The prompts and their recorded answers.</param>
    /// <param name="droppedContaminated">The prompts dropped before scoring, reported as is.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report.</returns>
    public async Task<CascadeReport> EvaluateAsync(IReadOnlyList<CascadeRow> rows, int droppedContaminated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int top = _tiers.Count - 1;
        double cascadeQuality = 0, topQuality = 0, cheapQuality = 0;
        decimal cascadeCost = 0m, rejectedCost = 0m, topCost = 0m, cheapCost = 0m;
        int escalated = 0, exhausted = 0, acceptedWrong = 0;
        long promptTokens = 0, responseTokens = 0;
        var answeredBy = new int[_tiers.Count];
        var rejectedBy = _validators.ToDictionary(v => v.Name, _ => (Rejected: 0, Wrong: 0), StringComparer.Ordinal);

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ChatMessage[] messages = [new ChatMessage(ChatRole.User, row.Prompt)];
            int prompt = _counter.CountPromptTokens(messages);
            var costs = new decimal[_tiers.Count];
            for (int i = 0; i < _tiers.Count; i++)
            {
                int response = _counter.CountTokens(row.Answers[i].Text);
                costs[i] = row.Answers[i].RecordedCost ?? Price(i, prompt, response);
                responseTokens += i == 0 || i == top ? response : 0;
            }

            promptTokens += prompt;
            cheapCost += costs[0];
            topCost += costs[top];
            cheapQuality += row.Answers[0].Quality;
            topQuality += row.Answers[top].Quality;

            for (int i = 0; i <= top; i++)
            {
                cascadeCost += costs[i];
                string? rejectedByName = await JudgeAsync(messages, row.Answers[i], i, cancellationToken).ConfigureAwait(false);
                if (rejectedByName is null || i == top)
                {
                    answeredBy[i]++;
                    cascadeQuality += row.Answers[i].Quality;
                    exhausted += rejectedByName is null ? 0 : 1;
                    acceptedWrong += i == 0 && row.Answers[0].Quality < CorrectQuality ? 1 : 0;
                    break;
                }

                rejectedCost += costs[i];
                if (i == 0)
                {
                    escalated++;
                    var (rejected, wrong) = rejectedBy[rejectedByName];
                    rejectedBy[rejectedByName] = (rejected + 1, wrong + (row.Answers[0].Quality < CorrectQuality ? 1 : 0));
                }
            }
        }

        int n = rows.Count;
        double meanPrompt = n == 0 ? 0 : (double)promptTokens / n;
        double meanResponse = n == 0 ? 0 : (double)responseTokens / (n * (top == 0 ? 1 : 2));
        var (breakEven, basis) = BreakEven(meanPrompt, meanResponse, cheapCost, topCost);
        return new CascadeReport
        {
            Count = n,
            DroppedContaminated = droppedContaminated,
            Tiers = _tiers,
            Validators = [.. _validators.Select(v => v.Name)],
            Cascade = new StrategyResult(Share(cascadeQuality, n), cascadeCost),
            EscalationRate = Share(escalated, n),
            AcceptedFirstTierRate = Share(n - escalated, n),
            RejectedAttemptCostUsd = rejectedCost,
            AnsweredByTier = answeredBy,
            Exhausted = exhausted,
            AlwaysTop = new StrategyResult(Share(topQuality, n), topCost),
            AlwaysCheapest = new StrategyResult(Share(cheapQuality, n), cheapCost),
            BreakEvenRate = breakEven,
            BreakEvenBasis = basis,
            MeanPromptTokens = meanPrompt,
            MeanResponseTokens = meanResponse,
            Catches = [.. _validators.Select(v => new ValidatorCatch(v.Name, rejectedBy[v.Name].Rejected, rejectedBy[v.Name].Wrong))],
            AcceptedWrong = acceptedWrong,
        };
    }

    private static double Share(double part, int whole) => whole == 0 ? 0d : part / whole;

    private decimal Price(int tier, int promptTokens, int responseTokens)
    {
        // TierPricing resolved a price for every tier whose data records no cost.
        var price = _prices[tier] ?? throw new InvalidOperationException($"tier '{_tiers[tier]}' has neither a recorded cost nor a price.");
        var usage = new TokenUsage { InputTokens = promptTokens, CachedInputTokens = 0, OutputTokens = responseTokens };
        return CostCalculator.Calculate(price, usage).Total;
    }

    // Returns the name of the first validator that rejects the answer, or null when all accept.
    private async Task<string?> JudgeAsync(ChatMessage[] messages, RecordedAnswer answer, int tier, CancellationToken cancellationToken)
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.Text))
        {
            ModelId = _tiers[tier],
            FinishReason = answer.FinishReason,
        };
        var context = new AnswerValidationContext(messages, null, response, _escalationTiers[tier], tier + 1);
        foreach (var (name, validator) in _validators)
        {
            var verdict = await validator.ValidateAsync(context, cancellationToken).ConfigureAwait(false);
            if (!verdict.Accepted)
            {
                return name;
            }
        }

        return null;
    }

    // With catalog prices for both ends, EscalationMath at the mean observed tokens; where the data records costs,
    // the same formula (1 - cheap / top) on the mean recorded costs, since those costs are what the cascade pays.
    private (double? Rate, string Basis) BreakEven(double meanPrompt, double meanResponse, decimal cheapCost, decimal topCost)
    {
        if (_prices[0] is { } cheap && _prices[^1] is { } strong)
        {
            double rate = EscalationMath.BreakEvenRate(cheap, strong, (long)Math.Round(meanPrompt), (long)Math.Round(meanResponse));
            return (rate, $"catalog prices at the mean {meanPrompt:0} prompt and {meanResponse:0} answer tokens");
        }

        if (topCost <= 0m)
        {
            return (null, "the top tier's recorded cost is zero");
        }

        double fromCosts = cheapCost >= topCost ? 0d : (double)(1m - (cheapCost / topCost));
        return (fromCosts, "mean recorded costs of the cheapest and top tiers");
    }
}
