using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Options of the <see cref="CacheWindowScheduler"/>.</summary>
public sealed class CacheWindowSchedulerOptions
{
    /// <summary>The default of <see cref="MaximumAddedLatency"/>.</summary>
    public static readonly TimeSpan DefaultMaximumAddedLatency = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest a request waits for the request that warms its prefix.</summary>
    /// <value>Defaults to 30 seconds. After that the request is sent anyway.</value>
    public TimeSpan MaximumAddedLatency { get; set; } = DefaultMaximumAddedLatency;

    /// <summary>Gets or sets how long after a warming request a cached prefix is still expected to live.</summary>
    /// <value>Defaults to 5 minutes, the shortest provider cache lifetime. A group is warmed again once it passes.</value>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the function that computes a request's stable-prefix key; requests with the same key
    /// share a cached prefix.</summary>
    /// <value>By default a hash of the model id and the request's leading system messages without their volatile
    /// lines (as <see cref="VolatileContentDetector"/> finds them).</value>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, string>? PrefixKeySelector { get; set; }

    /// <summary>Gets or sets the clock.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }
}

/// <summary>
/// Releases deferrable requests so that those sharing a stable prefix land inside the provider's cache lifetime:
/// the first request of a prefix goes at once and warms the cache; the others wait for it to finish (at most
/// <see cref="CacheWindowSchedulerOptions.MaximumAddedLatency"/>), then go together and read the cache.
/// </summary>
/// <remarks>
/// Use it for work that can wait a little (batch enrichment, offline evaluation), not for interactive requests. A
/// failed warming request releases its waiters at once; they then warm the cache themselves. This type is
/// thread-safe.
/// </remarks>
public sealed class CacheWindowScheduler
{
    private readonly IChatClient _client;
    private readonly TimeSpan _maximumAddedLatency;
    private readonly TimeSpan _cacheLifetime;
    private readonly Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> _keySelector;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, Group> _groups = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="CacheWindowScheduler"/> class.</summary>
    /// <param name="client">The client requests are sent through (typically the whole CostAware pipeline).</param>
    /// <param name="options">The options.</param>
    public CacheWindowScheduler(IChatClient client, CacheWindowSchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new CacheWindowSchedulerOptions();
        if (options.MaximumAddedLatency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaximumAddedLatency,
                $"{nameof(CacheWindowSchedulerOptions.MaximumAddedLatency)} cannot be negative.");
        }

        if (options.CacheLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CacheLifetime,
                $"{nameof(CacheWindowSchedulerOptions.CacheLifetime)} must be positive.");
        }

        _client = client;
        _maximumAddedLatency = options.MaximumAddedLatency;
        _cacheLifetime = options.CacheLifetime;
        _keySelector = options.PrefixKeySelector ?? DefaultKey;
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
    }

    /// <summary>Sends a request when its prefix's cache is warm (or at once, when it is the one to warm it).</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="cancellationToken">Cancels the wait and the request.</param>
    /// <returns>The response.</returns>
    public async Task<ChatResponse> SendAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string key = _keySelector(messages, options);
        var now = _timeProvider.GetUtcNow();

        // The candidate is created outside AddOrUpdate, whose factories may run more than once under contention: only
        // the caller whose candidate was stored warms the cache.
        var candidate = new Group(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), now);
        var group = _groups.AddOrUpdate(
            key,
            candidate,
            (_, existing) => existing.Warmed.Task.IsCompleted && existing.WarmedAt + _cacheLifetime < now ? candidate : existing);

        if (ReferenceEquals(group, candidate))
        {
            bool warmed = false;
            try
            {
                var response = await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                warmed = true;
                return response;
            }
            finally
            {
                group.WarmedAt = _timeProvider.GetUtcNow();
                if (!warmed)
                {
                    // A failed warm-up wrote no cache: forget the group, so the next request warms it instead.
                    _groups.TryRemove(new KeyValuePair<string, Group>(key, group));
                }

                group.Warmed.TrySetResult();
            }
        }

        if (!group.Warmed.Task.IsCompleted)
        {
            try
            {
                await group.Warmed.Task.WaitAsync(_maximumAddedLatency, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The bound on added latency wins over the cache: send without waiting any longer.
            }
        }

        return await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }

    private static readonly VolatileContentDetector s_detector = new();

    private static string DefaultKey(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var key = new System.Text.StringBuilder(options?.ModelId);
        foreach (var message in messages)
        {
            if (message.Role != ChatRole.System)
            {
                break;
            }

            foreach (string line in message.Text.Split('\n'))
            {
                if (s_detector.Detect(line).Count == 0)
                {
                    key.Append('\n').Append(line);
                }
            }
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key.ToString())));
    }

    private sealed class Group(TaskCompletionSource warmed, DateTimeOffset warmedAt)
    {
        private long _warmedAtTicks = warmedAt.UtcTicks;

        public TaskCompletionSource Warmed { get; } = warmed;

        public DateTimeOffset WarmedAt
        {
            get => new(Interlocked.Read(ref _warmedAtTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _warmedAtTicks, value.UtcTicks);
        }
    }
}
