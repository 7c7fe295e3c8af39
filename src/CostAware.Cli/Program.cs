using System.CommandLine;
using CostAware.Cli.Cascade;
using CostAware.Cli.Pricing;
using CostAware.Cli.Replay;
using CostAware.Cli.Routing;

namespace CostAware.Cli;

/// <summary>The entry point of the <c>costaware</c> command.</summary>
internal static class Program
{
    /// <summary>Runs the command with the process's console.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> Main(string[] args) => RunAsync(args, CliContext.FromConsole());

    /// <summary>Runs the command in-process, writing to the given writers; used by tests.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>The exit code.</returns>
    internal static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, CliContext.ForWriters(stdout, stderr));

    /// <summary>Runs the command in a given environment.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="context">The console, environment and input the command uses.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        var root = new RootCommand("Price LLM calls, replay request logs through a CostAware pipeline, and evaluate escalation cascades and routers on recorded answers.")
        {
            PriceCommand.Create(context),
            ReplayCommand.Create(context),
            EvalCascadeCommand.Create(context),
            EvalRouterCommand.Create(context),
        };
        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
        };

        try
        {
            return await root.Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
