namespace CostAware;

/// <summary>How a model call ended.</summary>
public enum CallOutcome
{
    /// <summary>The call returned an answer.</summary>
    Succeeded,

    /// <summary>The call threw.</summary>
    Failed,

    /// <summary>The caller cancelled the call or stopped reading its stream.</summary>
    Cancelled,
}
