using System.Text;

namespace CostAware.Cli.Cascade;

/// <summary>One CSV record: its fields and the line it starts on.</summary>
/// <param name="Line">The 1-based line of the file the record starts on.</param>
/// <param name="Fields">The fields, unquoted.</param>
/// <param name="Error">What is wrong with the record's syntax, or <see langword="null"/> when nothing is.</param>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>Reads RFC 4180 CSV: comma-separated fields, quoted fields that may hold commas, line breaks and doubled
/// quotes, and records ended by CRLF, LF or CR.</summary>
/// <remarks>The reader is strict where a lenient one would guess: a quote inside an unquoted field, text after a
/// closing quote and a quoted field that never closes are reported on the record, which is still returned so that
/// the caller can name its line. Blank lines are skipped.</remarks>
internal static class CsvRecordReader
{
    /// <summary>Reads one data row into a typed row.</summary>
    /// <typeparam name="TRow">The row type.</typeparam>
    /// <param name="record">The record.</param>
    /// <param name="problems">What is wrong with the row, when it cannot be read.</param>
    /// <returns>The row, or <see langword="null"/> when it cannot be read.</returns>
    public delegate TRow? RowReader<TRow>(CsvRecord record, out List<string> problems)
        where TRow : class;

    /// <summary>Reads a RouterBench <c>model|total_cost</c> field: a cost in US dollars of zero or more.</summary>
    /// <param name="fields">The record's fields.</param>
    /// <param name="index">The column, or -1 when the data has no cost column for the model.</param>
    /// <param name="model">The model, for the problem's wording.</param>
    /// <param name="problems">Receives what is wrong with the field.</param>
    /// <returns>The cost, or <see langword="null"/> when there is no column or the field is wrong.</returns>
    public static decimal? ReadRecordedCost(IReadOnlyList<string> fields, int index, string model, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(problems);
        if (index < 0)
        {
            return null;
        }

        string text = fields[index].Trim();
        if (decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal cost) && cost >= 0m)
        {
            return cost;
        }

        problems.Add($"'{model}|total_cost' should be a cost in US dollars of zero or more, found '{text}'");
        return null;
    }

    /// <summary>Reads the records after the header into rows. A record whose syntax is wrong, whose field count differs
    /// from the header's or that <paramref name="readRow"/> rejects is left out and described, with its line, in
    /// <paramref name="errors"/>.</summary>
    /// <typeparam name="TRow">The row type.</typeparam>
    /// <param name="records">The records, positioned on the header.</param>
    /// <param name="header">The header record.</param>
    /// <param name="readRow">Reads one record.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <returns>The rows read.</returns>
    public static List<TRow> ReadRows<TRow>(IEnumerator<CsvRecord> records, CsvRecord header, RowReader<TRow> readRow, List<string> errors)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(readRow);
        ArgumentNullException.ThrowIfNull(errors);
        var rows = new List<TRow>();
        while (records.MoveNext())
        {
            var record = records.Current;
            string? problem = record.Error ?? (record.Fields.Count == header.Fields.Count
                ? null
                : $"has {record.Fields.Count} fields, but the header has {header.Fields.Count}");
            if (problem is not null)
            {
                errors.Add($"line {record.Line}: {problem}");
                continue;
            }

            var row = readRow(record, out var rowProblems);
            if (row is null)
            {
                errors.Add($"line {record.Line}: {string.Join("; ", rowProblems)}");
            }
            else
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>Reads every record.</summary>
    /// <param name="reader">The text.</param>
    /// <returns>The records, in order.</returns>
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadCore(reader);
    }

    private static IEnumerable<CsvRecord> ReadCore(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        bool inQuotes = false;
        bool afterClosingQuote = false;
        bool fieldWasQuoted = false;
        string? error = null;

        int next;
        while ((next = reader.Read()) != -1)
        {
            char c = (char)next;
            if (inQuotes)
            {
                if (c == '"' && reader.Peek() == '"')
                {
                    reader.Read();
                    field.Append('"');
                }
                else if (c == '"')
                {
                    inQuotes = false;
                    afterClosingQuote = true;
                }
                else
                {
                    line += IsLineBreak(c, reader) ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            if (c is '\r' or '\n')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                line++;
                if (fields.Count > 0 || field.Length > 0 || fieldWasQuoted)
                {
                    fields.Add(field.ToString());
                    yield return new CsvRecord(recordLine, fields, error);
                    fields = [];
                }

                field.Clear();
                recordLine = line;
                afterClosingQuote = fieldWasQuoted = false;
                error = null;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                afterClosingQuote = fieldWasQuoted = false;
            }
            else if (c == '"' && field.Length == 0 && !fieldWasQuoted)
            {
                inQuotes = fieldWasQuoted = true;
            }
            else
            {
                if (afterClosingQuote)
                {
                    error ??= $"field {fields.Count + 1} has text after its closing quote (a quote inside a quoted field must be doubled)";
                }
                else if (c == '"')
                {
                    error ??= $"field {fields.Count + 1} has a quote inside an unquoted field (quote the field and double the quote)";
                }

                field.Append(c);
            }
        }

        if (inQuotes)
        {
            error ??= $"field {fields.Count + 1} opens a quote that is never closed";
        }

        if (fields.Count > 0 || field.Length > 0 || fieldWasQuoted)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields, error);
        }
    }

    // A line break inside a quoted field: LF, CRLF (counted at its LF) or a lone CR.
    private static bool IsLineBreak(char c, TextReader reader) => c == '\n' || (c == '\r' && reader.Peek() != '\n');
}
