using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace CostAware;

/// <summary>The pruning algorithm of <see cref="ContextPruningChatClient"/>, with its per-message caches.</summary>
/// <remarks>
/// Everything derived from a message (its token count, its tool-call keys, its shortened form, its hash) is cached
/// against the message instance, and the prefix sums of the last request are kept, so a request that repeats the
/// previous one plus a new message costs a reference comparison per old message and the work of the new one.
/// </remarks>
internal sealed class ContextPruner
{
    /// <summary>The <c>AdditionalProperties</c> key that marks a summary message the pruner made.</summary>
    internal const string SummaryMarkerKey = "costaware.pruning.summary";

    /// <summary>Bounds the summary cache; when full it is cleared, as re-summarizing is cheaper than unbounded memory.</summary>
    private const int MaximumCachedSummaries = 4096;

    private readonly ITokenCounter _counter;
    private readonly int _recentTurns;
    private readonly int _maximumResultTokens;
    private readonly bool _removeSuperseded;
    private readonly bool _reduceRecentToolResults;
    private readonly IChatClient? _summarizer;
    private readonly string _summaryInstructions;
    private readonly int _maximumSummaryTokens;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<ChatMessage, MessageInfo> _infos = [];
    private readonly ConditionalWeakTable<ChatMessage, MessageInfo>.CreateValueCallback _createInfo;
    private readonly ConcurrentDictionary<string, Lazy<Task<ChatMessage?>>> _summaries = new(StringComparer.Ordinal);
    private Snapshot? _last;

    public ContextPruner(ContextPruningOptions options, ITokenCounter counter, ILogger logger)
    {
        _counter = counter;
        _recentTurns = options.RecentTurnsKept;
        _maximumResultTokens = options.MaximumToolResultTokens;
        _removeSuperseded = options.RemoveSupersededToolResults;
        _reduceRecentToolResults = options.ReduceToolResultsInRecentTurns;
        _summarizer = options.Summarizer;
        _summaryInstructions = options.SummaryInstructions;
        _maximumSummaryTokens = options.MaximumSummaryTokens;
        _logger = logger;
        _createInfo = CreateInfo;
    }

    public async ValueTask<PruneResult> PruneAsync(IReadOnlyList<ChatMessage> messages, int fixedTokens, int budget, CancellationToken cancellationToken)
    {
        int n = messages.Count;
        var index = Index(messages);
        int before = fixedTokens + index.Prefix[n];
        if (before <= budget)
        {
            return new PruneResult(messages, new ContextPruningReport { BudgetTokens = budget, InputTokensBefore = before, InputTokensAfter = before, BudgetMet = true });
        }

        int systemEnd = 0;
        while (systemEnd < n && messages[systemEnd].Role == ChatRole.System)
        {
            systemEnd++;
        }

        var turnStarts = new List<int>();
        for (int i = systemEnd; i < n; i++)
        {
            if (messages[i].Role == ChatRole.User || i == systemEnd)
            {
                turnStarts.Add(i);
            }
        }

        // Turns before this index may be reduced; the last turns (the current one among them) are kept whole.
        int protectedStart = turnStarts.Count > _recentTurns ? turnStarts[^_recentTurns] : systemEnd;
        int regionLength = n - systemEnd;
        int oldLength = protectedStart - systemEnd;
        if (oldLength == 0 && !_reduceRecentToolResults)
        {
            return new PruneResult(messages, new ContextPruningReport { BudgetTokens = budget, InputTokensBefore = before, InputTokensAfter = before, BudgetMet = false });
        }

        var state = new RegionState(regionLength);
        int total = before;
        for (int i = 0; i < regionLength; i++)
        {
            state.Slots[i] = messages[systemEnd + i];
            state.Tokens[i] = index.Infos[systemEnd + i].Tokens;
        }

        var units = Units(messages, systemEnd, protectedStart);

        if (_removeSuperseded)
        {
            total = RemoveSuperseded(messages, index.Infos, systemEnd, units, state, total, budget);
        }

        total = ShortenToolResults(state, 0, oldLength, total, budget);

        if (_summarizer is not null && total > budget)
        {
            total = await SummarizeTurnsAsync(messages, systemEnd, turnStarts, protectedStart, state, total, budget, cancellationToken).ConfigureAwait(false);
        }

        total = DropTurns(units, turnStarts, systemEnd, state, total, budget);

        if (_reduceRecentToolResults && total > budget)
        {
            // An agent run is one long turn: its earlier steps' results are reduced too, never the latest step's.
            int lastStep = n - 1;
            while (lastStep >= protectedStart && index.Infos[lastStep].CallKeys is null)
            {
                lastStep--;
            }

            if (lastStep > protectedStart)
            {
                if (_removeSuperseded)
                {
                    total = RemoveSuperseded(messages, index.Infos, systemEnd, Units(messages, protectedStart, lastStep), state, total, budget);
                }

                total = ShortenToolResults(state, oldLength, lastStep - systemEnd, total, budget);
            }
        }

        var result = new List<ChatMessage>(n);
        for (int i = 0; i < systemEnd; i++)
        {
            result.Add(messages[i]);
        }

        for (int i = 0; i < regionLength; i++)
        {
            if (state.Summaries[i] is { } summary)
            {
                result.Add(summary);
            }

            if (state.Slots[i] is { } message)
            {
                result.Add(message);
            }
        }

        var report = new ContextPruningReport
        {
            BudgetTokens = budget,
            InputTokensBefore = before,
            InputTokensAfter = total,
            MessagesDropped = state.Dropped,
            MessagesShortened = state.Shortened,
            MessagesSummarized = state.Summarized,
            SupersededToolCallsRemoved = state.Superseded,
            BudgetMet = total <= budget,
        };
        return new PruneResult(result, report);
    }

    private static List<(int Start, int End)> Units(IReadOnlyList<ChatMessage> messages, int start, int end)
    {
        // A unit is removed or kept whole: an assistant message that calls tools, with the tool messages after it.
        var units = new List<(int, int)>();
        int i = start;
        while (i < end)
        {
            int unitEnd = i + 1;
            if (messages[i].Role == ChatRole.Assistant)
            {
                while (unitEnd < end && messages[unitEnd].Role == ChatRole.Tool)
                {
                    unitEnd++;
                }
            }

            units.Add((i, unitEnd));
            i = unitEnd;
        }

        return units;
    }

    private static bool IsKept(ChatMessage message) =>
        message.Role == ChatRole.System || message.GetStability() == PromptStability.Pinned;

    private static bool UnitIsKept(IReadOnlyList<ChatMessage> messages, (int Start, int End) unit)
    {
        for (int i = unit.Start; i < unit.End; i++)
        {
            if (IsKept(messages[i]))
            {
                return true;
            }
        }

        return false;
    }

    private int RemoveSuperseded(IReadOnlyList<ChatMessage> messages, MessageInfo[] infos, int systemEnd, List<(int Start, int End)> units, RegionState state, int total, int budget)
    {
        Dictionary<string, int>? lastCall = null;
        foreach (var unit in units)
        {
            if (total <= budget)
            {
                break;
            }

            var callInfo = infos[unit.Start];
            if (callInfo.CallKeys is null || UnitIsKept(messages, unit))
            {
                continue;
            }

            lastCall ??= LastCallPositions(infos);
            HashSet<string>? removedIds = null;
            ulong callMask = 0;
            for (int c = 0; c < callInfo.CallKeys.Length && c < 64; c++)
            {
                if (lastCall[callInfo.CallKeys[c]] > unit.Start)
                {
                    callMask |= 1UL << c;
                    (removedIds ??= new HashSet<string>(StringComparer.Ordinal)).Add(callInfo.CallIds![c]);
                }
            }

            if (removedIds is null)
            {
                continue;
            }

            state.Superseded += removedIds.Count;
            total = Replace(state, unit.Start - systemEnd, callInfo.WithoutContents(messages[unit.Start], callMask, calls: true), total);
            for (int i = unit.Start + 1; i < unit.End; i++)
            {
                var info = infos[i];
                ulong resultMask = 0;
                for (int r = 0; info.ResultIds is not null && r < info.ResultIds.Length && r < 64; r++)
                {
                    if (removedIds.Contains(info.ResultIds[r]))
                    {
                        resultMask |= 1UL << r;
                    }
                }

                if (resultMask != 0)
                {
                    total = Replace(state, i - systemEnd, info.WithoutContents(messages[i], resultMask, calls: false), total);
                }
            }
        }

        return total;
    }

    private static Dictionary<string, int> LastCallPositions(MessageInfo[] infos)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < infos.Length; i++)
        {
            if (infos[i].CallKeys is { } keys)
            {
                foreach (string key in keys)
                {
                    positions[key] = i;
                }
            }
        }

        return positions;
    }

    private int Replace(RegionState state, int slot, ChatMessage? replacement, int total)
    {
        total -= state.Tokens[slot];
        if (replacement is null)
        {
            // Every content was removed with its call or result: the message goes.
            state.Slots[slot] = null;
            state.Tokens[slot] = 0;
            state.Dropped++;
            return total;
        }

        state.Slots[slot] = replacement;
        state.Tokens[slot] = Info(replacement).Tokens;
        return total + state.Tokens[slot];
    }

    private int ShortenToolResults(RegionState state, int from, int to, int total, int budget)
    {
        for (int i = from; i < to && total > budget; i++)
        {
            if (state.Slots[i] is not { } message || message.Role != ChatRole.Tool || IsKept(message))
            {
                continue;
            }

            var shortened = Info(message).GetShortened(message, this);
            if (!ReferenceEquals(shortened, message))
            {
                state.Shortened++;
                total -= state.Tokens[i];
                state.Slots[i] = shortened;
                state.Tokens[i] = Info(shortened).Tokens;
                total += state.Tokens[i];
            }
        }

        return total;
    }

    private async ValueTask<int> SummarizeTurnsAsync(
        IReadOnlyList<ChatMessage> messages,
        int systemEnd,
        List<int> turnStarts,
        int protectedStart,
        RegionState state,
        int total,
        int budget,
        CancellationToken cancellationToken)
    {
        for (int t = 0; t < turnStarts.Count && turnStarts[t] < protectedStart && total > budget; t++)
        {
            int start = turnStarts[t];
            int end = t + 1 < turnStarts.Count ? turnStarts[t + 1] : protectedStart;
            bool kept = false;
            for (int i = start; i < end && !kept; i++)
            {
                kept = IsKept(messages[i]);
            }

            if (kept)
            {
                continue;
            }

            var summary = await SummaryAsync(messages, start, end, cancellationToken).ConfigureAwait(false);
            if (summary is null)
            {
                continue;
            }

            int turnTokens = 0;
            int replaced = 0;
            for (int i = start; i < end; i++)
            {
                if (state.Slots[i - systemEnd] is not null)
                {
                    turnTokens += state.Tokens[i - systemEnd];
                    replaced++;
                }
            }

            int summaryTokens = Info(summary).Tokens;
            if (summaryTokens >= turnTokens)
            {
                // A summary no shorter than what is left of the turn saves nothing.
                continue;
            }

            for (int i = start; i < end; i++)
            {
                state.Slots[i - systemEnd] = null;
                state.Tokens[i - systemEnd] = 0;
            }

            state.Summaries[start - systemEnd] = summary;
            state.SummaryTokens[start - systemEnd] = summaryTokens;
            state.SummarizedCounts[start - systemEnd] = replaced;
            state.Summarized += replaced;
            total += summaryTokens - turnTokens;
        }

        return total;
    }

    private static int DropTurns(List<(int Start, int End)> units, List<int> turnStarts, int systemEnd, RegionState state, int total, int budget)
    {
        // Whole turns go, oldest first, so that no answer is left without its question; system and pinned messages
        // (with the tool calls or results they belong with) stay.
        int nextTurn = 0;
        foreach (var unit in units)
        {
            // Every turn starts a unit: units only reach over the tool messages after an assistant message.
            if (nextTurn < turnStarts.Count && unit.Start == turnStarts[nextTurn])
            {
                nextTurn++;
                if (total <= budget)
                {
                    break;
                }
            }

            int first = unit.Start - systemEnd;
            if (state.Summaries[first] is not null)
            {
                total -= state.SummaryTokens[first];
                state.Summaries[first] = null;
                state.Summarized -= state.SummarizedCounts[first];
                state.Dropped += state.SummarizedCounts[first];
            }

            bool kept = false;
            for (int i = unit.Start; i < unit.End && !kept; i++)
            {
                kept = state.Slots[i - systemEnd] is { } message && IsKept(message);
            }

            if (kept)
            {
                continue;
            }

            for (int i = unit.Start; i < unit.End; i++)
            {
                int slot = i - systemEnd;
                if (state.Slots[slot] is not null)
                {
                    total -= state.Tokens[slot];
                    state.Slots[slot] = null;
                    state.Tokens[slot] = 0;
                    state.Dropped++;
                }
            }
        }

        return total;
    }

    private async ValueTask<ChatMessage?> SummaryAsync(IReadOnlyList<ChatMessage> messages, int start, int end, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = start; i < end; i++)
        {
            hash.AppendData(Info(messages[i]).GetHash(messages[i]));
        }

        string key = Convert.ToHexString(hash.GetHashAndReset());
        if (_summaries.Count >= MaximumCachedSummaries)
        {
            _summaries.Clear();
        }

        var turn = new ChatMessage[end - start];
        for (int i = start; i < end; i++)
        {
            turn[i - start] = messages[i];
        }

        var lazy = _summaries.GetOrAdd(key, _ => new Lazy<Task<ChatMessage?>>(() => CallSummarizerAsync(turn)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failed summary is not cached: the next request tries again.
            _summaries.TryRemove(new KeyValuePair<string, Lazy<Task<ChatMessage?>>>(key, lazy));
            ContextLog.SummaryFailed(_logger, exception);
            return null;
        }
    }

    private async Task<ChatMessage?> CallSummarizerAsync(ChatMessage[] turn)
    {
        var transcript = new StringBuilder();
        foreach (var message in turn)
        {
            transcript.Append(Render(GetShortenedForTranscript(message))).Append('\n');
        }

        ChatMessage[] request =
        [
            new(ChatRole.System, _summaryInstructions),
            new(ChatRole.User, transcript.ToString()),
        ];

        // The summary is shared by every later request, so one caller's cancellation must not cancel it.
        var response = await _summarizer!.GetResponseAsync(request, new ChatOptions { MaxOutputTokens = _maximumSummaryTokens }, CancellationToken.None).ConfigureAwait(false);
        string text = response.Text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var summary = new ChatMessage(ChatRole.Assistant, "[Summary of an earlier turn] " + text);
        (summary.AdditionalProperties ??= [])[SummaryMarkerKey] = true;
        return summary;
    }

    private ChatMessage GetShortenedForTranscript(ChatMessage message) =>
        message.Role == ChatRole.Tool ? Info(message).GetShortened(message, this) : message;

    private static string Render(ChatMessage message)
    {
        var builder = new StringBuilder().Append(message.Role.Value).Append(':');
        foreach (var content in message.Contents)
        {
            var (first, second) = ContentText.Of(content);
            if (content is FunctionCallContent)
            {
                builder.Append(" call ").Append(first).Append(second);
            }
            else if (content is FunctionResultContent)
            {
                builder.Append(" result ").Append(first);
            }
            else if (first is not null)
            {
                builder.Append(' ').Append(first);
            }
        }

        return builder.ToString();
    }

    private MessageInfo Info(ChatMessage message) => _infos.GetValue(message, _createInfo);

    private MessageInfo CreateInfo(ChatMessage message)
    {
        var info = new MessageInfo { Tokens = _counter.CountMessageTokens(message) };
        List<string>? keys = null, ids = null, results = null;
        foreach (var content in message.Contents)
        {
            if (content is FunctionCallContent call)
            {
                (keys ??= []).Add(call.Name + "\n" + ContentText.Of(call).Second);
                (ids ??= []).Add(call.CallId);
            }
            else if (content is FunctionResultContent result)
            {
                (results ??= []).Add(result.CallId);
            }
        }

        info.CallKeys = keys?.ToArray();
        info.CallIds = ids?.ToArray();
        info.ResultIds = results?.ToArray();
        return info;
    }

    private Snapshot Index(IReadOnlyList<ChatMessage> messages)
    {
        int n = messages.Count;
        var last = Volatile.Read(ref _last);
        int reuse = 0;
        if (last is not null)
        {
            int common = Math.Min(last.Messages.Length, n);
            while (reuse < common && ReferenceEquals(last.Messages[reuse], messages[reuse]))
            {
                reuse++;
            }

            if (reuse == n && last.Messages.Length == n)
            {
                return last;
            }
        }

        var snapshot = new Snapshot(new ChatMessage[n], new MessageInfo[n], new int[n + 1]);
        if (reuse > 0)
        {
            Array.Copy(last!.Messages, snapshot.Messages, reuse);
            Array.Copy(last.Infos, snapshot.Infos, reuse);
            Array.Copy(last.Prefix, snapshot.Prefix, reuse + 1);
        }

        for (int i = reuse; i < n; i++)
        {
            var message = messages[i];
            var info = Info(message);
            snapshot.Messages[i] = message;
            snapshot.Infos[i] = info;
            snapshot.Prefix[i + 1] = snapshot.Prefix[i] + info.Tokens;
        }

        Volatile.Write(ref _last, snapshot);
        return snapshot;
    }

    internal string ShortenText(string text, int tokens)
    {
        int half = _maximumResultTokens / 2;

        // Token boundaries are not character boundaries: find the longest head and tail that fit by bisection,
        // on a window wide enough for any tokenizer's characters per token.
        int window = (int)Math.Min(text.Length, (long)half * 64 + 64);
        int low = 0, high = window;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (_counter.CountTokens(text[..middle]) <= half)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        int headEnd = low;
        low = Math.Max(headEnd, text.Length - window);
        high = text.Length;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (_counter.CountTokens(text[middle..]) <= half)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        string head = text[..headEnd];
        string tail = text[low..];
        int removed = tokens - _counter.CountTokens(head) - _counter.CountTokens(tail);
        return string.Create(CultureInfo.InvariantCulture, $"{head.TrimEnd()}\n[… {removed:N0} tokens removed …]\n{tail.TrimStart()}");
    }

    internal int MaximumResultTokens => _maximumResultTokens;

    internal ITokenCounter Counter => _counter;

    internal sealed record PruneResult(IReadOnlyList<ChatMessage> Messages, ContextPruningReport Report);

    private sealed record Snapshot(ChatMessage[] Messages, MessageInfo[] Infos, int[] Prefix);

    private sealed class RegionState(int length)
    {
        public ChatMessage?[] Slots { get; } = new ChatMessage?[length];

        public int[] Tokens { get; } = new int[length];

        public ChatMessage?[] Summaries { get; } = new ChatMessage?[length];

        public int[] SummaryTokens { get; } = new int[length];

        public int[] SummarizedCounts { get; } = new int[length];

        public int Dropped { get; set; }

        public int Shortened { get; set; }

        public int Summarized { get; set; }

        public int Superseded { get; set; }
    }
}
