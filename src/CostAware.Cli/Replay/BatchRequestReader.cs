using System.Globalization;
using System.Text.Json;
using CostAware.Cli.Output;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Replay;

/// <summary>Reads requests in the OpenAI Batch API input format: one
/// <c>{"custom_id", "method", "url", "body"}</c> object per line, <c>body</c> a Chat Completions request.</summary>
internal static class BatchRequestReader
{
    /// <summary>Reads every non-blank line.</summary>
    /// <param name="lines">The file's lines.</param>
    /// <param name="errors">Receives one message per line that could not be read, naming its line number.</param>
    /// <returns>The requests that could be read, in order.</returns>
    public static List<ReplayRequest> ReadAll(IReadOnlyList<string> lines, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(errors);
        var requests = new List<ReplayRequest>(lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            try
            {
                requests.Add(Read(i + 1, lines[i]));
            }
            catch (FormatException ex)
            {
                errors.Add($"line {i + 1}: {ex.Message}");
            }
        }

        return requests;
    }

    /// <summary>Reads one line.</summary>
    /// <param name="lineNumber">The line's 1-based number.</param>
    /// <param name="line">The line's text.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FormatException">The line is not a Chat Completions batch request; the message says why.</exception>
    public static ReplayRequest Read(int lineNumber, string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new FormatException(JsonText.DescribeSyntaxError(ex), ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"expected a JSON object, found {root.ValueKind}");
            }

            string? customId = root.TryGetProperty("custom_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (root.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String &&
                !url.GetString()!.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"url '{url.GetString()}' is not a Chat Completions endpoint (/v1/chat/completions)");
            }

            var body = root.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object
                ? b
                : throw new FormatException("'body' is missing or is not an object");
            string model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(m.GetString())
                ? m.GetString()!
                : throw new FormatException("'body.model' is missing");

            var messages = ReadMessages(body);
            var options = new ChatOptions { ModelId = model };
            options.MaxOutputTokens = ReadInt(body, "max_completion_tokens") ?? ReadInt(body, "max_tokens");
            options.Temperature = ReadFloat(body, "temperature");
            options.TopP = ReadFloat(body, "top_p");
            options.Seed = ReadInt(body, "seed");
            options.Tools = ReadTools(body);
            return new ReplayRequest(lineNumber, customId, messages, options);
        }
    }

    private static List<ChatMessage> ReadMessages(JsonElement body)
    {
        if (!body.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw new FormatException("'body.messages' is missing or empty");
        }

        var messages = new List<ChatMessage>();
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object ||
                !item.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"messages[{index}] has no 'role'");
            }

            var role = roleElement.GetString() switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                var other => throw new FormatException($"messages[{index}].role '{other}' is not system, developer, user, assistant or tool"),
            };

            var message = new ChatMessage(role, ReadContent(item, index));
            if (role == ChatRole.Tool && item.TryGetProperty("tool_call_id", out var callId) && callId.ValueKind == JsonValueKind.String)
            {
                message.Contents = [new FunctionResultContent(callId.GetString()!, message.Text)];
            }
            else if (role == ChatRole.Assistant && item.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    message.Contents.Add(ReadToolCall(call, index));
                }
            }

            messages.Add(message);
            index++;
        }

        return messages;
    }

    private static List<AIContent> ReadContent(JsonElement message, int index)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return [new TextContent(content.GetString())];
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"messages[{index}].content must be a string or an array of parts");
        }

        var parts = new List<AIContent>();
        foreach (var part in content.EnumerateArray())
        {
            string? type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type != "text" || !part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"messages[{index}].content has a part of type '{type ?? "(none)"}'; only text parts are supported");
            }

            parts.Add(new TextContent(text.GetString()));
        }

        return parts;
    }

    private static FunctionCallContent ReadToolCall(JsonElement call, int index)
    {
        string? callId = call.TryGetProperty("id", out var id) ? id.GetString() : null;
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object
            ? f
            : throw new FormatException($"messages[{index}].tool_calls has a call without 'function'");
        string name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : throw new FormatException($"messages[{index}].tool_calls has a call without a function name");
        string arguments = function.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "{}";
        return FunctionCallContent.CreateFromParsedArguments(
            arguments,
            callId ?? name,
            name,
            static json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json));
    }

    private static List<AITool>? ReadTools(JsonElement body)
    {
        if (!body.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'body.tools' must be an array");
        }

        var declarations = new List<AITool>();
        int index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var function = tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object
                ? f
                : throw new FormatException($"tools[{index}] has no 'function' object");
            string name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : throw new FormatException($"tools[{index}].function has no 'name'");
            string? description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var schema = function.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.Clone()
                : JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();
            declarations.Add(AIFunctionFactory.CreateDeclaration(name, description, schema));
            index++;
        }

        return declarations;
    }

    private static int? ReadInt(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result) && result >= 0
            ? result
            : throw new FormatException($"'body.{name}' must be a non-negative whole number, found {value.GetRawText()}");
    }

    private static float? ReadFloat(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetSingle()
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'body.{name}' must be a number, found {value.GetRawText()}"));
    }
}
