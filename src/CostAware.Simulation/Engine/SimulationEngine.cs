using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>The work both simulated clients share: plan a call deterministically, then play it out in time.</summary>
/// <remarks>Every draw derives from the seed and either the request's tokens (answer length, latency) or the call's
/// position in the client's sequence (failures, response ids), so a sequential replay is identical run to run.
/// Concurrent callers share the caches and the call counter safely, but which call gets which position then
/// depends on their interleaving.</remarks>
internal sealed class SimulationEngine
{
    /// <summary>The shortest natural answer, in tokens.</summary>
    public const int MinimumAnswerTokens = 150;

    /// <summary>The longest natural answer, in tokens.</summary>
    public const int MaximumAnswerTokens = 600;

    private const int WordsPerUpdate = 4;

    private readonly SimulatorSettings _settings;
    private readonly ProviderModel _provider;
    private readonly PromptEncoder _encoder;
    private readonly AnswerWriter _writer;
    private long _calls;

    public SimulationEngine(SimulatorSettings settings, ProviderModel provider)
    {
        _settings = settings;
        _provider = provider;
        _encoder = new PromptEncoder(settings.TokenCounter);
        _writer = new AnswerWriter(settings.TokenCounter);
        Metadata = new ChatClientMetadata(provider.ProviderName, defaultModelId: settings.DefaultModelId);
    }

    public ChatClientMetadata Metadata { get; }

    public ProviderModel Provider => _provider;

    public PromptEncoder Encoder => _encoder;

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        CancellationToken cancellationToken)
    {
        var call = Plan(messages, options);
        await WaitAsync(call.Latency, cancellationToken).ConfigureAwait(false);
        if (call.Failure != InjectedFailure.None)
        {
            throw call.CreateFailure();
        }

        var message = new ChatMessage(ChatRole.Assistant, call.Text) { MessageId = call.ResponseId };
        return new ChatResponse(message)
        {
            ResponseId = call.ResponseId,
            ModelId = call.ModelId,
            CreatedAt = call.CreatedAt,
            FinishReason = call.FinishReason,
            Usage = call.Usage,
            AdditionalProperties = call.TimingProperties(),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = Plan(messages, options);
        if (call.Failure != InjectedFailure.None)
        {
            await WaitAsync(call.Latency, cancellationToken).ConfigureAwait(false);
            throw call.CreateFailure();
        }

        var elapsed = TimeSpan.Zero;
        foreach (var (chunk, due) in Chunks(call))
        {
            await WaitAsync(due - elapsed, cancellationToken).ConfigureAwait(false);
            elapsed = due;
            yield return NewUpdate(call, [new TextContent(chunk)]);
        }

        await WaitAsync(call.Latency - elapsed, cancellationToken).ConfigureAwait(false);
        var last = NewUpdate(call, [new UsageContent(call.Usage!)]);
        last.FinishReason = call.FinishReason;
        last.AdditionalProperties = call.TimingProperties();
        yield return last;
    }

    /// <summary>Decides the whole call up front, synchronously, so that its cache effects happen in call
    /// order.</summary>
    public SimulatedCall Plan(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string modelId = options?.ModelId ?? _settings.DefaultModelId ?? throw new ArgumentException(
            $"No model was given: set {nameof(ChatOptions)}.{nameof(ChatOptions.ModelId)} on the request or " +
            $"{nameof(SimulatorOptions)}.{nameof(SimulatorOptions.DefaultModelId)} on the simulator.",
            nameof(options));
        if (options?.MaxOutputTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.MaxOutputTokens,
                $"{nameof(ChatOptions)}.{nameof(ChatOptions.MaxOutputTokens)} must be positive.");
        }

        var prompt = _encoder.Encode(messages, options);
        _provider.Validate(prompt);

        long callIndex = Interlocked.Increment(ref _calls) - 1;
        ulong request = StableHash.Mix(StableHash.Add(StableHash.Add(StableHash.Seed, _settings.Seed), modelId) ^ prompt.ContentFingerprint);
        string responseId = _provider.ResponseIdPrefix +
            StableHash.Of((long)request, callIndex).ToString("x16", CultureInfo.InvariantCulture);
        var now = _settings.TimeProvider.GetUtcNow();
        var (timeToFirstToken, tokensPerSecond) = LatencyModel.For(modelId, StableHash.Of((long)request, 1));

        var failure = _settings.Failures.ForCall(callIndex);
        if (failure != InjectedFailure.None)
        {
            return new SimulatedCall
            {
                ModelId = modelId,
                ResponseId = responseId,
                CreatedAt = now,
                Failure = failure,
                TimeToFirstToken = timeToFirstToken,
                Latency = failure switch
                {
                    // A rate limit is refused at the door; a server error after the model started; a timeout at the deadline.
                    InjectedFailure.RateLimit => TimeSpan.FromMilliseconds(StableHash.Between(StableHash.Of((long)request, 2), 50, 150)),
                    InjectedFailure.ServerError => timeToFirstToken,
                    _ => _settings.TimeoutFailureDelay,
                },
            };
        }

        var cache = _provider.ApplyCache(modelId, prompt);
        var (visible, reasoning, finish) = AnswerSize(modelId, options, request);
        var (text, textTokens) = _writer.Write(visible, StableHash.Of((long)request, 3));
        int output = textTokens + reasoning;
        var usage = new SimulatedUsage(
            prompt.Tokens.Length,
            cache.ReadTokens,
            cache.Write5MinuteTokens,
            cache.Write1HourTokens,
            output,
            _provider.IsReasoningModel(modelId) ? reasoning : null);

        return new SimulatedCall
        {
            ModelId = modelId,
            ResponseId = responseId,
            CreatedAt = now,
            Text = text,
            FinishReason = finish,
            Usage = _provider.ToUsageDetails(usage),
            TimeToFirstToken = timeToFirstToken,
            TimeToFirstText = timeToFirstToken + LatencyModel.Generation(reasoning, tokensPerSecond),
            Latency = timeToFirstToken + LatencyModel.Generation(output, tokensPerSecond),
        };
    }

    private (int Visible, int Reasoning, ChatFinishReason Finish) AnswerSize(string modelId, ChatOptions? options, ulong request)
    {
        int visible = StableHash.Between(StableHash.Of((long)request, 4), MinimumAnswerTokens, MaximumAnswerTokens);
        int reasoning = _provider.IsReasoningModel(modelId)
            ? visible * StableHash.Between(StableHash.Of((long)request, 5), 20, 60) / 100
            : 0;
        int limit = options?.MaxOutputTokens ?? _settings.PriceOf(modelId)?.MaxOutputTokens ?? int.MaxValue;
        int total = visible + reasoning;
        if (total <= limit)
        {
            return (visible, reasoning, ChatFinishReason.Stop);
        }

        // Capped: reasoning keeps its share of the limit, the visible answer gets the rest.
        int cappedReasoning = (int)((long)reasoning * limit / total);
        return (limit - cappedReasoning, cappedReasoning, ChatFinishReason.Length);
    }

    private static IEnumerable<(string Chunk, TimeSpan Due)> Chunks(SimulatedCall call)
    {
        string text = call.Text;
        if (text.Length == 0)
        {
            yield break;
        }

        // Text arrives at an even pace between the first visible token and the end of the call, on whole
        // milliseconds like every other simulated duration.
        double first = call.TimeToFirstText.TotalMilliseconds, span = call.Latency.TotalMilliseconds - first;
        int start = 0, words = 0;
        for (int i = 1; i <= text.Length; i++)
        {
            bool end = i == text.Length;
            if (end || (text[i] == ' ' && ++words % WordsPerUpdate == 0))
            {
                double due = first + Math.Floor(span * start / text.Length);
                yield return (text[start..i], TimeSpan.FromMilliseconds(due));
                start = i;
            }
        }
    }

    private static ChatResponseUpdate NewUpdate(SimulatedCall call, IList<AIContent> contents) => new(ChatRole.Assistant, contents)
    {
        ResponseId = call.ResponseId,
        MessageId = call.ResponseId,
        ModelId = call.ModelId,
        CreatedAt = call.CreatedAt,
    };

    private Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _settings.SimulateLatency && delay > TimeSpan.Zero
            ? Task.Delay(delay, _settings.TimeProvider, cancellationToken)
            : Task.CompletedTask;
    }
}
