using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CostAware;

/// <summary>
/// A chat client that teaches an <see cref="EmbeddingDifficultyClassifier"/> from the escalator's verdicts: each
/// request the escalator below it handled becomes a labelled example (strong needed when the cheapest tier's answer
/// was rejected).
/// </summary>
/// <remarks>
/// <para>Place it above an <see cref="EscalatingChatClient"/>. Examples are embedded and added in the background, so
/// responses are not delayed by the embedding call; <see cref="FlushAsync"/> waits for the pending ones (at shutdown,
/// or in tests). A failed embedding call is logged and the example dropped; the response is never affected.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class RoutingFeedbackChatClient : DelegatingChatClient
{
    private readonly EmbeddingDifficultyClassifier _classifier;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _pending = [];
    private long _added;

    /// <summary>Initializes a new instance of the <see cref="RoutingFeedbackChatClient"/> class.</summary>
    /// <param name="innerClient">The client below, an escalator or a pipeline containing one.</param>
    /// <param name="classifier">The classifier that learns.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public RoutingFeedbackChatClient(IChatClient innerClient, EmbeddingDifficultyClassifier classifier, ILoggerFactory? loggerFactory = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        _classifier = classifier;
        _logger = loggerFactory?.CreateLogger<RoutingFeedbackChatClient>() ?? NullLogger<RoutingFeedbackChatClient>.Instance;
    }

    /// <summary>Gets the number of examples added to the classifier so far.</summary>
    public long ExamplesAdded => Interlocked.Read(ref _added);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        Learn(list, response.GetEscalationOutcome());
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        EscalationOutcome? outcome = null;
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            if (update.AdditionalProperties?.TryGetValue(EscalationOutcome.ResponseKey, out var value) == true && value is EscalationOutcome found)
            {
                outcome = found;
            }

            yield return update;
        }

        Learn(list, outcome);
    }

    /// <summary>Waits until the examples still being embedded are added.</summary>
    /// <returns>A task that completes when no example is pending.</returns>
    public async Task FlushAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private void Learn(IReadOnlyList<ChatMessage> messages, EscalationOutcome? outcome)
    {
        if (RoutingExample.FromEscalation(messages, outcome) is not { } example)
        {
            return;
        }

        var task = AddAsync(example);
        lock (_gate)
        {
            if (!task.IsCompleted)
            {
                _pending.Add(task);
            }
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _pending.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task AddAsync(RoutingExample example)
    {
        try
        {
            await Task.Yield();
            await _classifier.AddExamplesAsync([example]).ConfigureAwait(false);
            Interlocked.Increment(ref _added);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RouterLog.FeedbackFailed(_logger, e);
        }
    }
}
