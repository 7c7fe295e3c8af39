namespace CostAware.Simulation;

/// <summary>Options for <see cref="OpenAISimulatorChatClient"/> and <see
/// cref="AnthropicSimulatorChatClient"/>.</summary>
/// <remarks>
/// A simulator copies its options when it is built, so later changes to an instance have no effect on clients
/// already created. Each failure rate is validated when set; their sum is validated when a client is built.
/// </remarks>
public sealed class SimulatorOptions
{
    /// <summary>The default <see cref="Seed"/>.</summary>
    public const int DefaultSeed = 1;

    /// <summary>The default <see cref="OpenAICacheIdleTimeout"/>: five minutes.</summary>
    public static readonly TimeSpan DefaultOpenAICacheIdleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="TimeoutFailureDelay"/>: thirty seconds.</summary>
    public static readonly TimeSpan DefaultTimeoutFailureDelay = TimeSpan.FromSeconds(30);

    private double _rateLimitFailureRate;
    private double _serverErrorFailureRate;
    private double _timeoutFailureRate;
    private TimeSpan _openAICacheIdleTimeout = DefaultOpenAICacheIdleTimeout;
    private TimeSpan _timeoutFailureDelay = DefaultTimeoutFailureDelay;

    /// <summary>Gets or sets the seed every deterministic draw derives from: answer lengths, latencies and
    /// failures.</summary>
    /// <value>The default is <see cref="DefaultSeed"/> (1).</value>
    public int Seed { get; set; } = DefaultSeed;

    /// <summary>Gets or sets the clock for latency, cache lifetimes and timestamps.</summary>
    /// <value>The default, <see langword="null"/>, means <see cref="TimeProvider.System"/>. Use a
    /// <see cref="SimulationClock"/> to replay a workload in virtual time.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets a value indicating whether calls wait out their simulated latency.</summary>
    /// <value>The default is <see langword="true"/>: a call awaits <c>Task.Delay(latency, timeProvider)</c> through
    /// <see cref="TimeProvider"/>. When <see langword="false"/>, latency is computed and reported but not
    /// waited.</value>
    public bool SimulateLatency { get; set; } = true;

    /// <summary>Gets or sets how long an OpenAI cached prefix lives without being used.</summary>
    /// <value>The default is <see cref="DefaultOpenAICacheIdleTimeout"/> (5 minutes). OpenAI says cached prefixes stay
    /// live for 5 to 10 minutes of inactivity, and up to an hour off-peak; five minutes is the conservative
    /// end.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan OpenAICacheIdleTimeout
    {
        get => _openAICacheIdleTimeout;
        set => _openAICacheIdleTimeout = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OpenAICacheIdleTimeout), value, $"{nameof(OpenAICacheIdleTimeout)} must be positive.");
    }

    /// <summary>Gets or sets the share of calls that fail with HTTP 429 (rate limited).</summary>
    /// <value>Between 0 and 1; the default is 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 0 and 1.</exception>
    public double RateLimitFailureRate
    {
        get => _rateLimitFailureRate;
        set => _rateLimitFailureRate = ValidateRate(value, nameof(RateLimitFailureRate));
    }

    /// <summary>Gets or sets the share of calls that fail with HTTP 500 (server error).</summary>
    /// <value>Between 0 and 1; the default is 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 0 and 1.</exception>
    public double ServerErrorFailureRate
    {
        get => _serverErrorFailureRate;
        set => _serverErrorFailureRate = ValidateRate(value, nameof(ServerErrorFailureRate));
    }

    /// <summary>Gets or sets the share of calls that time out with a <see cref="System.TimeoutException"/>.</summary>
    /// <value>Between 0 and 1; the default is 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 0 and 1.</exception>
    public double TimeoutFailureRate
    {
        get => _timeoutFailureRate;
        set => _timeoutFailureRate = ValidateRate(value, nameof(TimeoutFailureRate));
    }

    /// <summary>Gets or sets how long an injected timeout waits before it throws, when latency is simulated.</summary>
    /// <value>The default is <see cref="DefaultTimeoutFailureDelay"/> (30 seconds).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan TimeoutFailureDelay
    {
        get => _timeoutFailureDelay;
        set => _timeoutFailureDelay = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TimeoutFailureDelay), value, $"{nameof(TimeoutFailureDelay)} must not be negative.");
    }

    /// <summary>Gets or sets the token counter for prompts and answers.</summary>
    /// <value>The default, <see langword="null"/>, means <see cref="TiktokenTokenCounter.O200kBase"/>.</value>
    public ITokenCounter? TokenCounter { get; set; }

    /// <summary>Gets or sets the catalog that supplies each model's maximum output and minimum cacheable
    /// prefix.</summary>
    /// <value>The default, <see langword="null"/>, means <see cref="PriceCatalog.BuiltIn"/>.</value>
    public PriceCatalog? Catalog { get; set; }

    /// <summary>Gets or sets the model used when a request sets no <c>ChatOptions.ModelId</c>.</summary>
    public string? DefaultModelId { get; set; }

    private static double ValidateRate(double value, string name) =>
        value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1.");
}
