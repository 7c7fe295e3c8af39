namespace CostAware;

/// <summary>A snapshot of how the escalator is doing for one statistics key (route and feature by default).</summary>
public sealed record EscalationStatistics
{
    /// <summary>Gets the number of requests.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the requests that ran the cascade (probes included).</summary>
    public long CascadeRequests { get; init; }

    /// <summary>Gets the requests sent straight to the strongest tier because the cascade did not pay.</summary>
    public long BypassedRequests { get; init; }

    /// <summary>Gets the requests that ran the cascade while bypass was engaged, to measure it again.</summary>
    public long ProbeRequests { get; init; }

    /// <summary>Gets the cascading requests whose first tier's answer was accepted.</summary>
    public long AcceptedFirstTier { get; init; }

    /// <summary>Gets the cascading requests that escalated at least once.</summary>
    public long Escalations { get; init; }

    /// <summary>Gets the requests on which every tier was rejected.</summary>
    public long Exhausted { get; init; }

    /// <summary>Gets the escalation rate over the last <see cref="EscalationOptions.StatisticsWindow"/> cascading
    /// requests.</summary>
    public double WindowEscalationRate { get; init; }

    /// <summary>Gets the number of cascading requests the window rate is measured over.</summary>
    public int WindowSize { get; init; }

    /// <summary>Gets the share of cascading requests whose first tier's answer was accepted, over all time.</summary>
    public double AcceptedFirstTierRate => CascadeRequests == 0 ? 0 : (double)AcceptedFirstTier / CascadeRequests;

    /// <summary>Gets what rejected attempts cost, in US dollars (money spent on answers that were thrown away).</summary>
    public decimal RejectedAttemptCost { get; init; }

    /// <summary>Gets what validating answers cost (samples, judges), in US dollars; included in
    /// <see cref="ActualCost"/>.</summary>
    public decimal ValidationCost { get; init; }

    /// <summary>Gets what every attempt cost, its validation included, in US dollars.</summary>
    public decimal ActualCost { get; init; }

    /// <summary>Gets what the same requests would have cost on the strongest tier alone: the strongest tier's real
    /// cost where it was called, else the accepted answer's tokens at the strongest tier's prices.</summary>
    public decimal AlwaysTopCost { get; init; }

    /// <summary>Gets the saving against always using the strongest tier (negative when the cascade lost money).</summary>
    public decimal Savings => AlwaysTopCost - ActualCost;

    /// <summary>Gets the break-even escalation rate for the observed token sizes, or <see langword="null"/> when the
    /// tiers' models are not priced.</summary>
    public double? BreakEvenRate { get; init; }

    /// <summary>Gets a value indicating whether the cheaper tiers are currently bypassed.</summary>
    public bool IsBypassing { get; init; }

    /// <summary>Gets why the bypass state last changed, or <see langword="null"/> if it never did.</summary>
    public string? LastTransition { get; init; }
}
