namespace CostAware;

/// <summary>What a model tier can handle. The router leaves a tier out of a request whose needs it does not meet.</summary>
/// <remarks>Limits left <see langword="null"/> are taken from the price catalog's entry for the tier's model
/// (<see cref="ModelPrice.MaxInputTokens"/>, <see cref="ModelPrice.MaxOutputTokens"/>); a limit known nowhere is not
/// checked.</remarks>
public sealed class TierCapabilities
{
    /// <summary>Gets or sets the context window in tokens: prompt plus requested output must fit.</summary>
    public int? ContextWindow { get; set; }

    /// <summary>Gets or sets the most output tokens the model can produce in one call.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets a value indicating whether the model can call tools. Default <see langword="true"/>.</summary>
    public bool Tools { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the model accepts images. Default <see langword="true"/>.</summary>
    public bool Vision { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the model supports a JSON-schema response format. Default
    /// <see langword="true"/>.</summary>
    public bool StructuredOutput { get; set; } = true;

    internal TierCapabilities Clone() => (TierCapabilities)MemberwiseClone();
}
