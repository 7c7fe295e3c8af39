using CostAware.Cli.Routing;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace CostAware.Cli;

/// <summary>What the command reads from and writes to: its console, its environment and its input.</summary>
/// <remarks>Tests build one over string writers so that every command runs in-process.</remarks>
internal sealed class CliContext
{
    /// <summary>The width tables are laid out in when output is not a terminal.</summary>
    public const int PlainWidth = 200;

    /// <summary>Gets or initializes where results go.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Gets or initializes where errors go.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Gets or initializes the console that tables and progress are rendered on; it writes to
    /// <see cref="Out"/>.</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Gets or initializes a value indicating whether a person is watching: output is a terminal, so
    /// progress is shown.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Gets or initializes where answers to questions come from, or <see langword="null"/> when nobody can
    /// answer (input is redirected or closed).</summary>
    public TextReader? Input { get; init; }

    /// <summary>Gets or initializes how environment variables are read.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets or initializes how the embedding generator of learned routers is created: by default the local
    /// all-MiniLM-L6-v2 model, so that evaluations run offline. The command disposes what it creates.</summary>
    public Func<IEmbeddingGenerator<string, Embedding<float>>> CreateEmbeddingGenerator { get; init; } = DefaultEmbeddingGenerator;

    /// <summary>Gets the default of <see cref="CreateEmbeddingGenerator"/>: the local all-MiniLM-L6-v2 model.</summary>
    public static Func<IEmbeddingGenerator<string, Embedding<float>>> DefaultEmbeddingGenerator { get; } =
        static () => new MiniLmEmbeddingGenerator();

    /// <summary>Creates a context over the process's console.</summary>
    /// <returns>The context.</returns>
    public static CliContext FromConsole()
    {
        bool terminal = !System.Console.IsOutputRedirected;
        return new CliContext
        {
            Out = System.Console.Out,
            Error = System.Console.Error,
            Console = terminal ? AnsiConsole.Console : CreatePlainConsole(System.Console.Out),
            IsTerminal = terminal,
            Input = System.Console.IsInputRedirected ? null : System.Console.In,
        };
    }

    /// <summary>Creates a context over two writers, with no terminal and no input.</summary>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>The context.</returns>
    public static CliContext ForWriters(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        return new CliContext { Out = stdout, Error = stderr, Console = CreatePlainConsole(stdout) };
    }

    /// <summary>Creates a console that writes plain text without colors or cursor movement.</summary>
    /// <param name="writer">Where the text goes.</param>
    /// <returns>The console.</returns>
    public static IAnsiConsole CreatePlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });

        // A file or pipe has no width; wrapping tables at 80 columns would only break numbers apart.
        console.Profile.Width = PlainWidth;
        return console;
    }
}
