using System.Text.Json;
using CostAware.Cli;

namespace CostAware.Cli.Tests;

/// <summary>Runs the command in-process and captures what it writes.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args) => await RunAsync(null, args);

    public static Task<CliRun> RunAsync(Func<string, string?>? environment, params string[] args) =>
        RunAsync(environment, input: null, args);

    public static Task<CliRun> RunAsync(Func<string, string?>? environment, TextReader? input, params string[] args) =>
        RunAsync(environment, input, createEmbeddingGenerator: null, args);

    public static async Task<CliRun> RunAsync(
        Func<string, string?>? environment,
        TextReader? input,
        Func<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>? createEmbeddingGenerator,
        params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            Console = CliContext.CreatePlainConsole(stdout),
            Input = input,
            GetEnvironmentVariable = environment ?? (_ => null),
            CreateEmbeddingGenerator = createEmbeddingGenerator ?? CliContext.DefaultEmbeddingGenerator,
        };

        int exit = await Program.RunAsync(args, context);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public JsonElement SingleJson()
    {
        OutLines.Should().ContainSingle("--json prints exactly one object and nothing else, but printed:\n" + Out);
        return JsonDocument.Parse(OutLines[0]).RootElement.Clone();
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "costaware-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteLines(string name, params string[] lines) => Write(name, string.Join('\n', lines) + "\n");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A report file still open by a virus scanner or indexer is not worth failing a test over.
        }
    }
}
