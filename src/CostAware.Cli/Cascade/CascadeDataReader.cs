using System.Globalization;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Cascade;

/// <summary>Reads recorded answers in the RouteLLM or RouterBench CSV layout, for the chosen tiers only.</summary>
internal static class CascadeDataReader
{
    /// <summary>The column that holds the prompt.</summary>
    public const string PromptColumn = "prompt";

    /// <summary>Reads a data file.</summary>
    /// <param name="reader">The file's text.</param>
    /// <param name="format">The layout, a <see cref="CascadeDataFormat"/> constant.</param>
    /// <param name="tiers">The models to read, cheapest first.</param>
    /// <returns>The rows; a row that cannot be read is left out and described in <see cref="CascadeData.Errors"/>.</returns>
    /// <exception cref="CliException">The header lacks a column the tiers need.</exception>
    public static CascadeData Read(TextReader reader, string format, IReadOnlyList<string> tiers)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(tiers);

        using var records = CsvRecordReader.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new CliException("the data file is empty; it needs a header line.");
        }

        var header = records.Current;
        if (header.Error is not null)
        {
            throw new CliException($"line {header.Line}: the header is not valid CSV: {header.Error}.");
        }

        var layout = Layout.Create(header.Fields, format, tiers);
        var errors = new List<string>();
        var rows = CsvRecordReader.ReadRows<CascadeRow>(records, header, layout.ReadRow, errors);

        return new CascadeData(rows, errors, layout.HasRecordedCost, layout.HasFinishReason);
    }

    private static bool TryParseQuality(string text, bool fractionAllowed, out double quality)
    {
        string value = text.Trim();
        if (bool.TryParse(value, out bool correct))
        {
            quality = correct ? 1d : 0d;
            return true;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out quality)
            && (fractionAllowed ? quality is >= 0d and <= 1d : quality is 0d or 1d);
    }

    // Where each tier's columns are in the header.
    private sealed class Layout
    {
        private readonly string _format;
        private readonly int _prompt;
        private readonly string[] _tiers;
        private readonly int[] _quality;
        private readonly int[] _response;
        private readonly int[] _cost;
        private readonly int[] _finishReason;

        private Layout(string format, int prompt, string[] tiers, int[] quality, int[] response, int[] cost, int[] finishReason)
        {
            _format = format;
            _prompt = prompt;
            _tiers = tiers;
            _quality = quality;
            _response = response;
            _cost = cost;
            _finishReason = finishReason;
        }

        public bool[] HasRecordedCost => [.. _cost.Select(static i => i >= 0)];

        public bool[] HasFinishReason => [.. _finishReason.Select(static i => i >= 0)];

        public static Layout Create(IReadOnlyList<string> header, string format, IReadOnlyList<string> tiers)
        {
            var names = header.Select(static h => h.Trim()).ToList();
            string responseSuffix = CascadeDataFormat.ResponseSuffix(format);
            string? costSuffix = CascadeDataFormat.CostSuffix(format);
            string finishSuffix = CascadeDataFormat.FinishReasonSuffix(format);

            int Find(string column) => names.FindIndex(n => string.Equals(n, column, StringComparison.Ordinal));

            int Require(string column, string what)
            {
                int index = Find(column);
                if (index < 0)
                {
                    var models = names.Where(n => n.EndsWith(responseSuffix, StringComparison.Ordinal))
                        .Select(n => n[..^responseSuffix.Length]);
                    throw new CliException(
                        $"the {format} data has no '{column}' column ({what}); models in the file: {string.Join(", ", models)}.");
                }

                return index;
            }

            int prompt = Require(PromptColumn, "the prompt");
            return new Layout(
                format,
                prompt,
                [.. tiers],
                [.. tiers.Select(t => Require(t, $"the correctness or quality of {t}"))],
                [.. tiers.Select(t => Require(t + responseSuffix, $"the answers of {t}"))],
                [.. tiers.Select(t => costSuffix is null ? -1 : Find(t + costSuffix))],
                [.. tiers.Select(t => Find(t + finishSuffix))]);
        }

        public CascadeRow? ReadRow(CsvRecord record, out List<string> problems)
        {
            problems = [];
            var fields = record.Fields;
            string prompt = fields[_prompt];
            if (string.IsNullOrWhiteSpace(prompt))
            {
                problems.Add("the prompt is empty");
            }

            bool fractionAllowed = _format == CascadeDataFormat.RouterBench;
            var answers = new RecordedAnswer[_tiers.Length];
            for (int i = 0; i < _tiers.Length; i++)
            {
                string qualityText = fields[_quality[i]];
                if (!TryParseQuality(qualityText, fractionAllowed, out double quality))
                {
                    problems.Add(fractionAllowed
                        ? $"'{_tiers[i]}' should be a quality from 0 to 1 or True/False, found '{qualityText}'"
                        : $"'{_tiers[i]}' should be True or False, found '{qualityText}'");
                }

                decimal? cost = CsvRecordReader.ReadRecordedCost(fields, _cost[i], _tiers[i], problems);

                string finish = _finishReason[i] >= 0 ? fields[_finishReason[i]].Trim() : string.Empty;
                answers[i] = new RecordedAnswer(
                    fields[_response[i]],
                    quality,
                    cost,
                    finish.Length == 0 ? null : new ChatFinishReason(finish.ToLowerInvariant()));
            }

            return problems.Count == 0 ? new CascadeRow(record.Line, prompt, answers) : null;
        }
    }
}
