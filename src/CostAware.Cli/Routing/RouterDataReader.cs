using System.Globalization;
using System.Text;
using CostAware.Cli.Cascade;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Routing;

/// <summary>Reads labelled routing data (RouteLLM CSV, RouterBench CSV or MT-Bench judgments) for one weak and one
/// strong model, and drops the prompts a <c>contaminated_prompts.jsonl</c> beside the data lists.</summary>
/// <remarks>Every unreadable row is reported, with the file and line, in one error; nothing is scored from a file
/// with bad rows.</remarks>
internal static class RouterDataReader
{
    /// <summary>The column that holds the prompt.</summary>
    public const string PromptColumn = "prompt";

    // Errors listed in full before the rest are only counted.
    private const int ErrorsShown = 10;

    /// <summary>Reads a data file.</summary>
    /// <param name="file">The file.</param>
    /// <param name="format">The layout, a <see cref="RouterDataFormat"/> constant.</param>
    /// <param name="weak">The weak model's name, as the data spells it.</param>
    /// <param name="strong">The strong model's name, as the data spells it.</param>
    /// <returns>The rows left after removing contaminated prompts.</returns>
    /// <exception cref="CliException">The file is missing, lacks a model, or has rows that cannot be read.</exception>
    public static RouterDataSet Read(FileInfo file, string format, string weak, string strong)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(format);
        if (string.Equals(weak, strong, StringComparison.Ordinal))
        {
            throw new CliException($"--weak and --strong both name '{weak}'; they must be two different models.");
        }

        if (!file.Exists)
        {
            throw new CliException($"data file '{file.FullName}' does not exist.");
        }

        var (rows, skipped, qualityIsShare) = format switch
        {
            RouterDataFormat.MtBench => MtBenchReader.Read(file, weak, strong),
            RouterDataFormat.RouteLlm or RouterDataFormat.RouterBench => (ReadCsv(file, format, weak, strong), (IReadOnlyList<string>)[], true),
            _ => throw new CliException($"--format '{format}' is not one of {RouterDataFormat.RouteLlm}, {RouterDataFormat.RouterBench}, {RouterDataFormat.MtBench}."),
        };

        var contaminated = ContaminatedPrompts.LoadBeside(file).Select(static p => p.Trim()).ToHashSet(StringComparer.Ordinal);
        var kept = rows.Where(r => !contaminated.Contains(r.Prompt.Trim())).ToList();
        return new RouterDataSet
        {
            Rows = kept,
            RemovedContaminated = rows.Count - kept.Count,
            Skipped = skipped,
            QualityIsShare = qualityIsShare,
        };
    }

    /// <summary>Throws one error listing the unreadable rows, when there are any.</summary>
    /// <param name="file">The file the rows are in.</param>
    /// <param name="errors">One message per problem, each naming its line.</param>
    /// <exception cref="CliException">There is at least one error.</exception>
    public static void ThrowIfAny(FileInfo file, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            return;
        }

        var message = new StringBuilder().Append(CultureInfo.InvariantCulture, $"'{file.FullName}' has {errors.Count} problem(s):");
        foreach (string error in errors.Take(ErrorsShown))
        {
            message.Append(CultureInfo.InvariantCulture, $"\n  {error}");
        }

        if (errors.Count > ErrorsShown)
        {
            message.Append(CultureInfo.InvariantCulture, $"\n  ... and {errors.Count - ErrorsShown} more");
        }

        throw new CliException(message.ToString());
    }

    /// <summary>Reads RouteLLM or RouterBench CSV text.</summary>
    /// <param name="file">The file, for messages.</param>
    /// <param name="reader">The text.</param>
    /// <param name="format">The layout.</param>
    /// <param name="weak">The weak model's column.</param>
    /// <param name="strong">The strong model's column.</param>
    /// <returns>Every row, contaminated ones included.</returns>
    /// <exception cref="CliException">A column is missing or a row cannot be read.</exception>
    public static List<RouterRow> ReadCsv(FileInfo file, TextReader reader, string format, string weak, string strong)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(reader);

        using var records = CsvRecordReader.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new CliException($"'{file.FullName}' is empty; it needs a header line.");
        }

        var header = records.Current;
        if (header.Error is not null)
        {
            throw new CliException($"'{file.FullName}' line {header.Line}: the header is not valid CSV: {header.Error}.");
        }

        var layout = CsvLayout.Create(file, header.Fields, format, weak, strong);
        var errors = new List<string>();
        var rows = CsvRecordReader.ReadRows<RouterRow>(records, header, layout.ReadRow, errors);

        ThrowIfAny(file, errors);
        if (rows.Count == 0)
        {
            throw new CliException($"'{file.FullName}' has a header but no rows.");
        }

        return rows;
    }

    private static List<RouterRow> ReadCsv(FileInfo file, string format, string weak, string strong)
    {
        try
        {
            using var reader = new StreamReader(file.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return ReadCsv(file, reader, format, weak, strong);
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read '{file.FullName}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"cannot read '{file.FullName}': {ex.Message}", ex);
        }
    }

    // Where each model's columns are in the header.
    private sealed class CsvLayout
    {
        private readonly bool _routerBench;
        private readonly int _prompt;
        private readonly string[] _models;
        private readonly int[] _quality;
        private readonly int[] _response;
        private readonly int[] _cost;

        private CsvLayout(bool routerBench, int prompt, string[] models, int[] quality, int[] response, int[] cost)
        {
            _routerBench = routerBench;
            _prompt = prompt;
            _models = models;
            _quality = quality;
            _response = response;
            _cost = cost;
        }

        public static CsvLayout Create(FileInfo file, IReadOnlyList<string> header, string format, string weak, string strong)
        {
            var names = header.Select(static h => h.Trim()).ToList();
            bool routerBench = format == RouterDataFormat.RouterBench;
            string responseSuffix = routerBench ? "|model_response" : "_response";

            int Find(string column) => names.FindIndex(n => string.Equals(n, column, StringComparison.Ordinal));

            int Require(string column, string what)
            {
                int index = Find(column);
                if (index < 0)
                {
                    var models = names.Where(n => n != PromptColumn && !n.Contains('|', StringComparison.Ordinal) && !n.EndsWith(responseSuffix, StringComparison.Ordinal));
                    throw new CliException(
                        $"'{file.FullName}' line 1: the {format} header has no '{column}' column ({what}); columns that may be models: {string.Join(", ", models)}.");
                }

                return index;
            }

            string[] models = [weak, strong];
            return new CsvLayout(
                routerBench,
                Require(PromptColumn, "the prompt"),
                models,
                [.. models.Select(m => Require(m, routerBench ? $"the quality of {m}, 0 to 1" : $"whether {m} was right, True or False"))],
                [.. models.Select(m => Find(m + responseSuffix))],
                [.. models.Select(m => routerBench ? Find(m + "|total_cost") : -1)]);
        }

        public RouterRow? ReadRow(CsvRecord record, out List<string> problems)
        {
            problems = [];
            var fields = record.Fields;
            string prompt = fields[_prompt];
            if (string.IsNullOrWhiteSpace(prompt))
            {
                problems.Add("the prompt is empty");
            }

            var outcomes = new ModelOutcome[_models.Length];
            for (int i = 0; i < _models.Length; i++)
            {
                string qualityText = fields[_quality[i]].Trim();
                double quality = 0;
                if (!(_routerBench ? TryParseFraction(qualityText, out quality) : TryParseBoolean(qualityText, out quality)))
                {
                    problems.Add(_routerBench
                        ? $"'{_models[i]}' should be a quality from 0 to 1, found '{qualityText}'"
                        : $"'{_models[i]}' should be True or False, found '{qualityText}'");
                }

                decimal? cost = CsvRecordReader.ReadRecordedCost(fields, _cost[i], _models[i], problems);

                RecordedCall[]? calls = _response[i] >= 0
                    ? [new RecordedCall([new ChatMessage(ChatRole.User, prompt)], fields[_response[i]])]
                    : null;
                outcomes[i] = new ModelOutcome(quality, cost, calls);
            }

            if (problems.Count > 0)
            {
                return null;
            }

            var (weak, strong) = (outcomes[0], outcomes[1]);
            bool strongNeeded = _routerBench ? weak.Quality < strong.Quality : weak.Quality == 0d;
            return new RouterRow(
                string.Create(CultureInfo.InvariantCulture, $"line {record.Line}"), prompt, weak, strong, strongNeeded);
        }

        private static bool TryParseBoolean(string text, out double quality)
        {
            bool parsed = bool.TryParse(text, out bool correct);
            quality = correct ? 1d : 0d;
            return parsed;
        }

        private static bool TryParseFraction(string text, out double quality) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out quality)
            && quality is >= 0d and <= 1d;
    }
}
