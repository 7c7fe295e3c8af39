using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CostAware.Cli.Tests.Replay;

/// <summary>An OpenAI-compatible Chat Completions endpoint on loopback, answering every request with fixed usage.</summary>
internal sealed class LoopbackOpenAIServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackOpenAIServer()
    {
        int port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<(string Path, string? Authorization, JsonElement Body)> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.Exception;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
            Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
            string model = body.GetProperty("model").GetString()!;
            string json = $$"""
                {
                  "id": "chatcmpl-test{{Requests.Count}}",
                  "object": "chat.completion",
                  "created": 1767600000,
                  "model": "{{model}}",
                  "choices": [
                    { "index": 0, "message": { "role": "assistant", "content": "Here is how to do it.", "refusal": null },
                      "logprobs": null, "finish_reason": "stop" }
                  ],
                  "usage": {
                    "prompt_tokens": 2006,
                    "completion_tokens": 300,
                    "total_tokens": 2306,
                    "prompt_tokens_details": { "cached_tokens": 1920, "audio_tokens": 0 },
                    "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0,
                      "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 }
                  },
                  "service_tier": "default",
                  "system_fingerprint": "fp_test"
                }
                """;
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
