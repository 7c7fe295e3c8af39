namespace CostAware;

/// <summary>The defaults of the built-in answer validators, in one place.</summary>
internal static class AnswerValidatorDefaults
{
    /// <summary>The mean token probability below which <see cref="LogProbabilityValidator"/> rejects.</summary>
    public const double MinimumMeanTokenProbability = 0.7;

    /// <summary>The number of answers <see cref="SelfConsistencyValidator"/> compares, the original included.</summary>
    public const int SelfConsistencySampleCount = 3;

    /// <summary>The majority share at or above which <see cref="SelfConsistencyValidator"/> accepts.</summary>
    public const double SelfConsistencyMinimumAgreement = 0.6;
}
