using System.Text.Json;

namespace CostAware.Tests.Integration;

/// <summary>Chat Completions payloads as the OpenAI API sends them, for loopback servers.</summary>
internal static class OpenAIPayloads
{
    public static string Completion(string model, string text, string usage) =>
        $$"""
        {"id":"chatcmpl-loopback","object":"chat.completion","created":1764806400,"model":"{{model}}",
         "choices":[{"index":0,"message":{"role":"assistant","content":{{JsonSerializer.Serialize(text)}},"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
         "usage":{{usage}},"service_tier":"default","system_fingerprint":"fp_loopback"}
        """;

    public static string Chunk(string model, string delta, string? finishReason = null) =>
        $$"""data: {"id":"chatcmpl-loopback","object":"chat.completion.chunk","created":1764806400,"model":"{{model}}","system_fingerprint":"fp_loopback","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{(finishReason is null ? "null" : $"\"{finishReason}\"")}}}],"usage":null}""";

    public static string UsageChunk(string model, string usage) =>
        $$"""data: {"id":"chatcmpl-loopback","object":"chat.completion.chunk","created":1764806400,"model":"{{model}}","system_fingerprint":"fp_loopback","choices":[],"usage":{{usage}}}""";
}
