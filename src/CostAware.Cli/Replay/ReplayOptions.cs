namespace CostAware.Cli.Replay;

/// <summary>How a workload is paced in simulated time; the <c>Replay</c> section of <c>--config</c>.</summary>
internal sealed class ReplayOptions
{
    /// <summary>The default of <see cref="InterArrivalTime"/>: two seconds.</summary>
    public static readonly TimeSpan DefaultInterArrivalTime = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the simulated time between two requests; it decides which provider caches are still
    /// warm when a request arrives.</summary>
    /// <value>Defaults to <see cref="DefaultInterArrivalTime"/> (2 s).</value>
    public TimeSpan InterArrivalTime { get; set; } = DefaultInterArrivalTime;

    /// <summary>Gets or sets the simulated time of the first request.</summary>
    /// <value>Defaults to 2026-01-05 09:00 UTC.</value>
    public DateTimeOffset Start { get; set; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
}
