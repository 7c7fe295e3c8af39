namespace CostAware.Cli;

/// <summary>The exit codes of the command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Succeeded = 0;

    /// <summary>Some input could not be processed, or the command could not run.</summary>
    public const int Failed = 1;
}
