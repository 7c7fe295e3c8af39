using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CostAware.Tests.Integration;

/// <summary>
/// A scripted HTTP server on a free loopback port, for driving the real provider SDKs without a network: each request
/// is recorded and answered with the next scripted reply (JSON, or a server-sent event stream written event by event).
/// A request with no reply left gets a 500 that says so.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private const int MaximumStartAttempts = 10;

    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<ScriptedReply> _replies = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _serving;

    private LoopbackServer(HttpListener listener, Uri baseAddress)
    {
        _listener = listener;
        BaseAddress = baseAddress;
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Gets the server's address, <c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the requests received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a server on a free loopback port, retrying when another process takes the port first.</summary>
    public static LoopbackServer Start()
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FindFreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LoopbackServer(listener, new Uri($"http://127.0.0.1:{port}"));
            }
            catch (HttpListenerException) when (attempt < MaximumStartAttempts)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Answers the next request with a JSON body.</summary>
    public LoopbackServer ReplyJson(string json, int statusCode = 200, IReadOnlyDictionary<string, string>? headers = null)
    {
        _replies.Enqueue(new ScriptedReply(statusCode, "application/json", [json], headers));
        return this;
    }

    /// <summary>Answers the next request with a <c>text/event-stream</c>, flushing after each event.</summary>
    /// <param name="events">The events, each written as given and followed by a blank line.</param>
    public LoopbackServer ReplyEventStream(params string[] events)
    {
        _replies.Enqueue(new ScriptedReply(200, "text/event-stream", [.. events.Select(e => e + "\n\n")], Headers: null));
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The listener was closed while waiting for a request: the expected way the loop ends.
        }
    }

    private static int FindFreePort()
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
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await HandleAsync(context).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var headers = request.Headers.AllKeys
            .Where(key => key is not null)
            .ToDictionary(key => key!, key => request.Headers[key] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(request.HttpMethod, request.Url?.AbsolutePath ?? string.Empty, headers, body));

        var reply = _replies.TryDequeue(out var next)
            ? next
            : new ScriptedReply(500, "application/json", ["""{"error":{"message":"The loopback server has no scripted reply left."}}"""], null);

        var response = context.Response;
        try
        {
            response.StatusCode = reply.StatusCode;
            response.ContentType = reply.ContentType;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                response.Headers[name] = value;
            }

            response.SendChunked = reply.ContentType == "text/event-stream";
            if (!response.SendChunked)
            {
                response.ContentLength64 = reply.Chunks.Sum(chunk => Encoding.UTF8.GetByteCount(chunk));
            }

            foreach (string chunk in reply.Chunks)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(chunk);
                await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                await response.OutputStream.FlushAsync().ConfigureAwait(false);
            }

            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away mid-reply (a cancelled stream); nothing is left to answer.
            response.Abort();
        }
    }

    /// <summary>One request as the server received it.</summary>
    /// <param name="Method">The HTTP method.</param>
    /// <param name="Path">The path, for example <c>/v1/chat/completions</c>.</param>
    /// <param name="Headers">The request headers.</param>
    /// <param name="Body">The request body.</param>
    internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    private sealed record ScriptedReply(int StatusCode, string ContentType, IReadOnlyList<string> Chunks, IReadOnlyDictionary<string, string>? Headers);
}
