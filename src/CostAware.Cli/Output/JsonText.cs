using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CostAware.Cli.Output;

/// <summary>Writes single-line JSON objects for machine-readable output.</summary>
internal static class JsonText
{
    // Output goes to terminals and files, never into HTML, so quotes and apostrophes stay readable.
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one JSON object.</summary>
    /// <param name="body">Writes the object's properties.</param>
    /// <returns>The JSON text, on one line.</returns>
    public static string WriteObject(Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes a string property, or null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="value">The value.</param>
    public static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes a count property, or null when it is unknown.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="value">The value.</param>
    public static void WriteCountOrNull(Utf8JsonWriter writer, string name, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Writes an amount property exactly, without trailing zeros, or null when it is unknown.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="value">The value.</param>
    public static void WriteDecimalOrNull(Utf8JsonWriter writer, string name, decimal? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumber(name, DecimalText.Normalize(v));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Describes a JSON syntax error without the parser's zero-based position suffix, which would
    /// contradict the line numbers the command reports.</summary>
    /// <param name="exception">The error.</param>
    /// <returns>The description, such as <c>not valid JSON at column 8: 'b' is an invalid start of a value.</c></returns>
    public static string DescribeSyntaxError(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Message;
        int position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position > 0)
        {
            message = message[..position];
        }

        return exception.BytePositionInLine is { } column
            ? $"not valid JSON at column {column + 1}: {message}"
            : $"not valid JSON: {message}";
    }
}
