namespace CostAware.Simulation;

/// <summary>The kind of failure injected into a call.</summary>
internal enum InjectedFailure
{
    None,
    RateLimit,
    ServerError,
    Timeout,
}

/// <summary>Decides which calls fail, so that the configured rates hold exactly over any run of calls, yet the
/// failures fall at seeded random places.</summary>
/// <remarks>Calls are taken in windows of <see cref="WindowSize"/>. Each window gets the failures the rates owe it,
/// carrying fractions to later windows, at positions a seeded shuffle picks. Over <c>n</c> calls each kind
/// therefore fails <c>floor(rate·n)</c> times to within one window's rounding, and the same seed gives the same
/// calls.</remarks>
internal sealed class FailurePlan(int seed, double rateLimitRate, double serverErrorRate, double timeoutRate)
{
    public const int WindowSize = 100;

    public bool IsEnabled { get; } = rateLimitRate > 0 || serverErrorRate > 0 || timeoutRate > 0;

    public InjectedFailure ForCall(long callIndex)
    {
        if (!IsEnabled)
        {
            return InjectedFailure.None;
        }

        long window = callIndex / WindowSize;
        int position = (int)(callIndex % WindowSize);
        int rateLimits = Owed(rateLimitRate, window);
        int serverErrors = Owed(serverErrorRate, window);
        int timeouts = Owed(timeoutRate, window);

        int slot = SlotOf(position, window);
        return slot < rateLimits ? InjectedFailure.RateLimit
            : slot < rateLimits + serverErrors ? InjectedFailure.ServerError
            : slot < rateLimits + serverErrors + timeouts ? InjectedFailure.Timeout
            : InjectedFailure.None;
    }

    private static int Owed(double rate, long window)
    {
        // The tolerance keeps rates such as 0.07 from losing a failure to binary rounding.
        const double Tolerance = 1e-9;
        return (int)(Math.Floor((rate * WindowSize * (window + 1)) + Tolerance) - Math.Floor((rate * WindowSize * window) + Tolerance));
    }

    /// <summary>Finds where a position lands in a seeded shuffle of the window.</summary>
    private int SlotOf(int position, long window)
    {
        Span<int> order = stackalloc int[WindowSize];
        for (int i = 0; i < WindowSize; i++)
        {
            order[i] = i;
        }

        var random = new SplitMix64(StableHash.Of(seed, window, 0x4641494C));
        for (int i = WindowSize - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order.IndexOf(position);
    }
}
