using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>What the escalator does when every tier's answer is rejected.</summary>
public enum EscalationExhaustedBehavior
{
    /// <summary>Return the last (strongest) tier's answer, with every verdict attached.</summary>
    ReturnLastAnswer,

    /// <summary>Throw an <see cref="EscalationExhaustedException"/> carrying every attempt and verdict.</summary>
    Throw,
}

/// <summary>Options of the escalator (<see cref="EscalatingChatClient"/>).</summary>
public sealed class EscalationOptions
{
    /// <summary>The default of <see cref="StatisticsWindow"/>.</summary>
    public const int DefaultStatisticsWindow = 200;

    /// <summary>The default of <see cref="MinimumRequestsBeforeBypass"/>.</summary>
    public const int DefaultMinimumRequestsBeforeBypass = 50;

    /// <summary>The default of <see cref="ProbeEvery"/>.</summary>
    public const int DefaultProbeEvery = 20;

    /// <summary>The default of <see cref="ReleaseMargin"/>.</summary>
    public const double DefaultReleaseMargin = 0.05;

    /// <summary>Gets the cheaper tiers, cheapest first. The client the escalator wraps is the last and strongest
    /// tier, named <see cref="TopTierName"/>.</summary>
    public IList<EscalationTier> Tiers { get; } = [];

    /// <summary>Gets the validators; an answer is accepted only when all of them accept it.</summary>
    public IList<IAnswerValidator> Validators { get; } = [];

    /// <summary>Gets or sets the name of the strongest tier (the wrapped client).</summary>
    /// <value>Defaults to <c>top</c>.</value>
    public string TopTierName { get; set; } = "top";

    /// <summary>Gets or sets what happens when every tier's answer is rejected.</summary>
    /// <value>Defaults to <see cref="EscalationExhaustedBehavior.ReturnLastAnswer"/>.</value>
    public EscalationExhaustedBehavior WhenExhausted { get; set; } = EscalationExhaustedBehavior.ReturnLastAnswer;

    /// <summary>Gets or sets the most escalations one request may make, or <see langword="null"/> for every tier.</summary>
    /// <value>Defaults to <see langword="null"/>: all tiers may be tried.</value>
    public int? MaximumEscalationsPerRequest { get; set; }

    /// <summary>Gets or sets how many recent cascading requests the escalation rate is measured over, per key.</summary>
    /// <value>Defaults to <see cref="DefaultStatisticsWindow"/> (200).</value>
    public int StatisticsWindow { get; set; } = DefaultStatisticsWindow;

    /// <summary>Gets or sets a value indicating whether the cheaper tiers are bypassed while the measured escalation
    /// rate stays above the break-even rate.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool AutomaticBypass { get; set; } = true;

    /// <summary>Gets or sets how many cascading requests a key needs before bypass may engage.</summary>
    /// <value>Defaults to <see cref="DefaultMinimumRequestsBeforeBypass"/> (50).</value>
    public int MinimumRequestsBeforeBypass { get; set; } = DefaultMinimumRequestsBeforeBypass;

    /// <summary>Gets or sets how often, while bypassing, a request runs the cascade anyway to measure again: one in
    /// every <see cref="ProbeEvery"/>.</summary>
    /// <value>Defaults to <see cref="DefaultProbeEvery"/> (20).</value>
    public int ProbeEvery { get; set; } = DefaultProbeEvery;

    /// <summary>Gets or sets how far below break-even the measured rate must fall before the cascade resumes, so that
    /// a rate hovering at break-even does not flip the state on every request.</summary>
    /// <value>Defaults to <see cref="DefaultReleaseMargin"/> (0.05).</value>
    public double ReleaseMargin { get; set; } = DefaultReleaseMargin;

    /// <summary>Gets or sets the function that names the statistics key of a request.</summary>
    /// <value>By default <c>route/feature</c> from the request's <see cref="CostAttribution"/>.</value>
    public Func<ChatOptions?, string>? StatisticsKeySelector { get; set; }
}
