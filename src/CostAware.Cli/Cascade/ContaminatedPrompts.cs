using System.Text.Json;
using CostAware.Cli.Output;

namespace CostAware.Cli.Cascade;

/// <summary>The prompts a benchmark drops before scoring because they leaked into training data: RouteLLM ships them
/// as <c>contaminated_prompts.jsonl</c> (one <c>{"eval_prompt": ...}</c> per line) beside the data.</summary>
internal static class ContaminatedPrompts
{
    /// <summary>The file name looked for beside the data file.</summary>
    public const string FileName = "contaminated_prompts.jsonl";

    /// <summary>Reads the contaminated prompts beside a data file.</summary>
    /// <param name="dataFile">The data file.</param>
    /// <returns>The prompts, or an empty set when no such file sits beside the data.</returns>
    /// <exception cref="CliException">The file exists but a line is not a JSON object with an <c>eval_prompt</c>.</exception>
    public static HashSet<string> LoadBeside(FileInfo dataFile)
    {
        ArgumentNullException.ThrowIfNull(dataFile);
        var prompts = new HashSet<string>(StringComparer.Ordinal);
        var file = new FileInfo(Path.Combine(dataFile.DirectoryName ?? ".", FileName));
        if (!file.Exists)
        {
            return prompts;
        }

        string[] lines = InputFiles.ReadLines(file);
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("eval_prompt", out var prompt)
                    || prompt.ValueKind != JsonValueKind.String)
                {
                    throw new CliException($"{file.FullName} line {i + 1}: expected an object with a string 'eval_prompt'.");
                }

                prompts.Add(prompt.GetString()!);
            }
            catch (JsonException ex)
            {
                throw new CliException($"{file.FullName} line {i + 1}: {JsonText.DescribeSyntaxError(ex)}", ex);
            }
        }

        return prompts;
    }
}
