namespace CostAware;

/// <summary>A labelled prompt for a learned difficulty classifier.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="StrongNeeded"><see langword="true"/> when the cheap tier's answer was not good enough (a stronger
/// tier was needed); <see langword="false"/> when it was.</param>
public sealed record RoutingExample(string Prompt, bool StrongNeeded);
