namespace CostAware;

/// <summary>A snapshot of where the router has sent requests.</summary>
/// <param name="Requests">Requests routed since the router was created.</param>
/// <param name="WindowRequests">Requests in the statistics window.</param>
/// <param name="Tiers">Per tier, cheapest first.</param>
/// <param name="MaximumDrift">The largest distance, over tiers, between the realised share in the window and the target
/// share, or <see langword="null"/> without target shares or before enough requests.</param>
/// <param name="IsDrifting">Whether <paramref name="MaximumDrift"/> exceeds the configured tolerance.</param>
public sealed record RouterStatistics(
    long Requests,
    int WindowRequests,
    IReadOnlyList<TierRoutingStatistics> Tiers,
    double? MaximumDrift,
    bool IsDrifting);

/// <summary>Where the router has sent requests, for one tier.</summary>
/// <param name="Tier">The tier's name.</param>
/// <param name="ModelId">The tier's model.</param>
/// <param name="Requests">Requests routed to it since the router was created.</param>
/// <param name="WindowShare">Its share of the requests in the statistics window.</param>
/// <param name="TargetShare">Its calibrated share, or <see langword="null"/> when the thresholds carry none.</param>
public sealed record TierRoutingStatistics(string Tier, string ModelId, long Requests, double WindowShare, double? TargetShare);
