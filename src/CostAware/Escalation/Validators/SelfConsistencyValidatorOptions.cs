namespace CostAware;

/// <summary>Options for <see cref="SelfConsistencyValidator"/>.</summary>
public sealed class SelfConsistencyValidatorOptions
{
    /// <summary>Gets or sets how many answers are compared, the original included; the validator asks the tier for
    /// this many minus one more.</summary>
    /// <value>3; at least 2.</value>
    public int SampleCount { get; set; } = AnswerValidatorDefaults.SelfConsistencySampleCount;

    /// <summary>Gets or sets the share of answers, in (0, 1], that must agree with the most common answer for the
    /// answer to be accepted.</summary>
    /// <value>0.6.</value>
    public double MinimumAgreement { get; set; } = AnswerValidatorDefaults.SelfConsistencyMinimumAgreement;

    /// <summary>Gets or sets a value indicating whether the extra samples are requested all at once rather than one
    /// after another; faster, at the price of concurrent calls against the provider's rate limit.</summary>
    /// <value><see langword="false"/>.</value>
    public bool SampleInParallel { get; set; }

    /// <summary>Gets or sets what makes two answers the same: answers with equal keys agree.</summary>
    /// <value><see cref="SelfConsistencyValidator.DefaultAnswerKey"/>: the last number in the text, else the trimmed,
    /// lower-cased text.</value>
    public Func<string, string> AnswerKey { get; set; } = SelfConsistencyValidator.DefaultAnswerKey;
}
