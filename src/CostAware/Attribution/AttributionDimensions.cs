namespace CostAware;

/// <summary>The attribution dimensions exported as metric tags.</summary>
/// <remarks>Every dimension multiplies the number of time series a metrics backend stores; export a user id only
/// where the number of users is small.</remarks>
[Flags]
public enum AttributionDimensions
{
    /// <summary>No attribution tags.</summary>
    None = 0,

    /// <summary>The tenant.</summary>
    Tenant = 1,

    /// <summary>The feature.</summary>
    Feature = 2,

    /// <summary>The route.</summary>
    Route = 4,

    /// <summary>The user.</summary>
    User = 8,
}
