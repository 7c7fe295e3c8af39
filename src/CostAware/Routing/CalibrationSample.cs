namespace CostAware;

/// <summary>A scored prompt with the quality each of two tiers reached on it, for
/// <see cref="RouterCalibration.ForQuality"/>.</summary>
/// <param name="Score">The classifier's score for the prompt.</param>
/// <param name="WeakQuality">The quality of the cheap tier's answer.</param>
/// <param name="StrongQuality">The quality of the strong tier's answer.</param>
public readonly record struct CalibrationSample(double Score, double WeakQuality, double StrongQuality);
