namespace CostAware.Simulation;

/// <summary>A failure a simulated provider returns, carrying the HTTP status code the real API would send.</summary>
/// <remarks>
/// Injected failures use 429 (rate limited) and 500 (server error). A request the real API would reject, such as
/// one with more than four Anthropic cache breakpoints, fails with 400. Injected timeouts throw
/// <see cref="TimeoutException"/> instead.
/// </remarks>
public sealed class SimulatedProviderException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SimulatedProviderException"/> class with status
    /// 500.</summary>
    public SimulatedProviderException()
        : this(500, "The simulated provider failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SimulatedProviderException"/> class with status
    /// 500.</summary>
    /// <param name="message">The error message.</param>
    public SimulatedProviderException(string message)
        : this(500, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SimulatedProviderException"/> class with status
    /// 500.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SimulatedProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
    }

    /// <summary>Initializes a new instance of the <see cref="SimulatedProviderException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code the real API would return.</param>
    /// <param name="message">The error message.</param>
    public SimulatedProviderException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the HTTP status code: 429 or 500 for injected failures, 400 for a request the API
    /// rejects.</summary>
    public int StatusCode { get; }
}
