using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CostAware;

/// <summary>
/// A delegating chat client that puts the stable blocks of a prompt first and its volatile content last, so that
/// provider prompt caches match the longest possible prefix; it places provider cache hints and measures the result.
/// </summary>
/// <remarks>
/// <para>
/// A request is read as blocks: tools, the system prompt (the leading system messages), examples (messages marked
/// <see cref="PromptStability.Stable"/> right after it), the conversation history and the current turn (the last
/// user message). In the system prompt and the examples, lines holding volatile content (found by
/// <see cref="VolatileContentDetector"/>, or marked <see cref="PromptStability.Volatile"/>) are moved, verbatim, to
/// the place <see cref="PrefixOrderingOptions.Placement"/> names. Conversation turns are never reordered or edited, so
/// tool calls and their results stay together; whatever is marked <see cref="PromptStability.Pinned"/> stays where it
/// is. Tools are sent in name order and marked documents in id order, so the same content always gives the same
/// prefix.
/// </para>
/// <para>
/// The caller's messages and options are never mutated: changed ones are copied. The analysis of a text (its
/// volatile spans, token counts and hash) is cached per string instance, so a request whose blocks were seen before
/// costs a few dictionary lookups. A <see cref="PrefixOrderingReport"/> is attached to every response under
/// <see cref="PrefixOrderingResponseExtensions.ReportKey"/> (when streaming, to the last update).
/// </para>
/// <para>This type is thread-safe. Prompt text is never logged; findings are logged by kind and position.</para>
/// </remarks>
public sealed class PrefixOrderingChatClient : DelegatingChatClient
{
    private const string DefaultRoute = "default";
    private const int MaximumAnalysesByContent = 1024;

    private readonly PrefixOrderingOptions _options;
    private readonly PriceCatalog _catalog;
    private readonly ILogger _logger;
    private readonly ITokenCounter _counter;
    private readonly VolatileContentDetector _detector = new();
    private readonly ChatClientMetadata? _metadata;
    private readonly IPromptCacheHintWriter[] _writers;
    private readonly ConditionalWeakTable<string, PromptTextAnalysis> _analyses = [];
    private readonly ConditionalWeakTable<AITool, ToolFacts> _tools = [];
    private readonly ConcurrentDictionary<string, PromptTextAnalysis> _analysesByContent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastStableKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _seenPrefixes = new(StringComparer.Ordinal);
    private readonly List<IPromptCacheHintWriter> _matchingWriters;
    private readonly PromptCacheRules? _rules;
    private readonly ConditionalWeakTable<string, StrongBox<int>> _textTokens = [];
    private readonly ConcurrentDictionary<string, int> _learnedVersions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RouteTotals> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _roleTokens = new(StringComparer.Ordinal);
    private readonly OwnedMeter _meter;
    private readonly Counter<long> _inputTokens;
    private readonly Counter<long> _cachedTokens;
    private readonly Histogram<int> _stablePrefix;
    private readonly Counter<long> _findings;

    /// <summary>Initializes a new instance of the <see cref="PrefixOrderingChatClient"/> class.</summary>
    /// <param name="innerClient">The client requests go to.</param>
    /// <param name="options">The options; copied, so later changes have no effect.</param>
    /// <param name="catalog">Prices and per-model minimum cacheable lengths; the built-in catalog by default.</param>
    /// <param name="loggerFactory">Creates the logger.</param>
    /// <param name="meterFactory">Creates the OpenTelemetry meter (<see cref="CostAwareTelemetry.MeterName"/>); a
    /// private meter is used when <see langword="null"/>.</param>
    public PrefixOrderingChatClient(
        IChatClient innerClient,
        PrefixOrderingOptions? options = null,
        PriceCatalog? catalog = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
        : base(innerClient)
    {
        options ??= new PrefixOrderingOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.VolatileWarningTokenWindow, $"{nameof(options)}.{nameof(options.VolatileWarningTokenWindow)}");

        _options = new PrefixOrderingOptions
        {
            Mode = options.Mode,
            Placement = options.Placement,
            SortTools = options.SortTools,
            SortDocuments = options.SortDocuments,
            LearnFromTraffic = options.LearnFromTraffic,
            VolatileWarningTokenWindow = options.VolatileWarningTokenWindow,
            StableBlockCacheLifetime = options.StableBlockCacheLifetime,
            WriteCacheOnlyForRepeatedPrefixes = options.WriteCacheOnlyForRepeatedPrefixes,
            RouteSelector = options.RouteSelector,
            TokenCounter = options.TokenCounter,
        };
        _writers = [.. options.CacheHintWriters];
        _counter = options.TokenCounter ?? TiktokenTokenCounter.O200kBase;
        _catalog = catalog ?? PriceCatalog.BuiltIn;
        _logger = (ILogger?)loggerFactory?.CreateLogger<PrefixOrderingChatClient>() ?? NullLogger.Instance;
        _metadata = innerClient.GetService<ChatClientMetadata>();
        _matchingWriters = MatchingWriters();
        _rules = _matchingWriters.Count > 0 ? _matchingWriters[0].Rules : RulesFor(_metadata?.ProviderName);
        _meter = new OwnedMeter(meterFactory);
        _inputTokens = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.PromptCacheInputTokensInstrument, CostAwareTelemetry.TokenUnit, "Prompt tokens reported for requests through the prefix orderer.");
        _cachedTokens = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.PromptCacheCachedTokensInstrument, CostAwareTelemetry.TokenUnit, "Cached prompt tokens reported for requests through the prefix orderer.");
        _stablePrefix = _meter.Meter.CreateHistogram<int>(CostAwareTelemetry.StablePrefixTokensInstrument, CostAwareTelemetry.TokenUnit, "Stable-prefix tokens per request.");
        _findings = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.VolatileFindingsInstrument, "{finding}", "Volatile content found in stable prompt regions.");
    }

    /// <summary>Gets the detector, whose learned lines can be inspected per route.</summary>
    public VolatileContentDetector Detector => _detector;

    /// <summary>Returns the prompt-cache totals of each route seen so far.</summary>
    /// <returns>A snapshot, by route.</returns>
    public IReadOnlyDictionary<string, PrefixRouteStatistics> GetStatistics() =>
        _routes.ToDictionary(pair => pair.Key, pair => pair.Value.Snapshot(), StringComparer.Ordinal);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(messages, options);

        var response = await base.GetResponseAsync(prepared.Messages, prepared.Options, cancellationToken).ConfigureAwait(false);

        var report = Complete(prepared, UsageReader.FromUsageDetails(response.Usage));
        (response.AdditionalProperties ??= [])[PrefixOrderingResponseExtensions.ReportKey] = report;
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(messages, options);
        TokenUsage? usage = null;
        ChatResponseUpdate? held = null;

        await foreach (var update in base.GetStreamingResponseAsync(prepared.Messages, prepared.Options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent usageContent)
                {
                    // Several reports of one call are merged field by field, as the token meter does.
                    var reported = UsageReader.FromUsageDetails(usageContent.Details);
                    usage = usage is null ? reported : usage.MergeWith(reported);
                }
            }

            if (held is not null)
            {
                yield return held;
            }

            held = update;
        }

        var report = Complete(prepared, usage);
        if (held is not null)
        {
            (held.AdditionalProperties ??= [])[PrefixOrderingResponseExtensions.ReportKey] = report;
            yield return held;
        }
    }

    private PreparedRequest Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var original = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        string route = _options.RouteSelector?.Invoke(options) ?? options.GetCostAttribution()?.Route ?? CostScope.Current.Route ?? options?.ModelId ?? _metadata?.DefaultModelId ?? DefaultRoute;
        bool reorder = _options.Mode == PrefixOrderingMode.Reorder;
        int learnedVersion = _learnedVersions.GetValueOrDefault(route);

        // Tools come first in every provider's prefix.
        IList<AITool>? tools = options?.Tools;
        bool toolsReordered = false;
        if (reorder && _options.SortTools && tools is { Count: > 1 } && !IsSortedByName(tools))
        {
            tools = [.. tools.OrderBy(static t => t.Name, StringComparer.Ordinal)];
            toolsReordered = true;
        }

        // Each tool renders to text ending in a new line, where the tokenizer always splits, so per-tool counts add up.
        int tokens = 0;
        using var prefixHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (tools is not null)
        {
            for (int t = 0; t < tools.Count; t++)
            {
                var info = ToolInfo(tools[t]);
                tokens += info.Tokens;
                prefixHash.AppendData(info.Hash);
            }
        }

        int systemEnd = 0;
        while (systemEnd < original.Count && original[systemEnd].Role == ChatRole.System)
        {
            systemEnd++;
        }

        int stableEnd = systemEnd;
        while (stableEnd < original.Count - 1 && original[stableEnd].GetStability() == PromptStability.Stable)
        {
            stableEnd++;
        }

        int currentTurn = original.Count > 0 && original[^1].Role == ChatRole.User && original.Count - 1 >= stableEnd ? original.Count - 1 : -1;

        List<ChatMessage>? rewritten = null;
        List<VolatileFinding>? findings = null;
        List<AIContent>? moved = null;
        List<string>? stableTexts = _options.LearnFromTraffic ? [] : null;
        bool documentsReordered = false;
        var breakpoints = new List<CacheBreakpoint>(3);
        int stablePrefixTokens = 0;

        for (int i = 0; i < original.Count; i++)
        {
            var message = original[i];
            var stability = message.GetStability();
            bool inStableRegion = i < stableEnd;
            tokens += TiktokenTokenCounter.TokensPerMessage + RoleTokens(message.Role);

            List<AIContent>? contents = null;
            var source = message.Contents;
            for (int j = 0; j < source.Count; j++)
            {
                var content = source[j];
                var contentStability = content.GetStability();
                if (content is TextContent text && inStableRegion && stability is not (PromptStability.Pinned or PromptStability.Stable) &&
                    contentStability is not (PromptStability.Pinned or PromptStability.Stable))
                {
                    if (contentStability == PromptStability.Volatile || stability == PromptStability.Volatile)
                    {
                        (findings ??= []).Add(new VolatileFinding(VolatileKind.Learned, text.Text, i, tokens, reorder));
                        if (reorder)
                        {
                            (moved ??= []).Add(content);
                            contents ??= [.. source.Take(j)];
                            continue;
                        }
                    }
                    else
                    {
                        var analysis = Analyze(text.Text, route, learnedVersion);
                        foreach (var (span, offset) in analysis.Spans)
                        {
                            (findings ??= []).Add(new VolatileFinding(span.Kind, span.Value, i, tokens + offset, reorder));
                        }

                        if (reorder && analysis.VolatileText is not null)
                        {
                            (moved ??= []).Add(new TextContent(analysis.VolatileText));
                            contents ??= [.. source.Take(j)];
                            if (analysis.StableText.Length > 0)
                            {
                                contents.Add(new TextContent(analysis.StableText) { AdditionalProperties = text.AdditionalProperties });
                            }

                            tokens += analysis.StableTokenCount;
                            prefixHash.AppendData(analysis.StableHash);
                            stableTexts?.Add(analysis.StableText);
                            continue;
                        }

                        tokens += analysis.TokenCount;
                        prefixHash.AppendData(analysis.StableHash);
                        stableTexts?.Add(analysis.StableText);
                        contents?.Add(content);
                        continue;
                    }
                }

                tokens += CountContent(content, route, learnedVersion, inStableRegion ? prefixHash : null);
                contents?.Add(content);
            }

            if (reorder && _options.SortDocuments && SortDocuments(contents ?? (IList<AIContent>)source) is { } sorted)
            {
                contents = sorted;
                documentsReordered = true;
            }

            if (contents is not null)
            {
                rewritten ??= [.. original.Take(i)];
                if (contents.Count > 0)
                {
                    rewritten.Add(Copy(message, contents));
                }
            }
            else
            {
                rewritten?.Add(message);
            }

            // Breakpoints go where a stable segment ends: after the system prompt, after the examples, after the history.
            if ((i == systemEnd - 1 || i == stableEnd - 1 || (currentTurn > 0 && i == currentTurn - 1)) && (contents ?? source).Count > 0)
            {
                var lifetime = i < stableEnd ? _options.StableBlockCacheLifetime : PromptCacheLifetime.FiveMinutes;
                int index = (rewritten is null ? i : rewritten.Count - 1);
                if (breakpoints.Count > 0 && breakpoints[^1].MessageIndex == index)
                {
                    breakpoints.RemoveAt(breakpoints.Count - 1);
                }

                breakpoints.Add(new CacheBreakpoint(index, (contents ?? source).Count - 1, tokens, lifetime));
            }

            if (currentTurn < 0 || i < currentTurn)
            {
                stablePrefixTokens = tokens;
            }

        }

        var messagesOut = (IList<ChatMessage>?)rewritten ?? (IList<ChatMessage>)(original as IList<ChatMessage> ?? [.. original]);
        if (moved is not null)
        {
            messagesOut = Place(rewritten ?? [.. original], moved, systemEnd, currentTurn, ref breakpoints);
        }


        string? modelId = options?.ModelId ?? _metadata?.DefaultModelId;
        int? minimum = _catalog.TryResolve(modelId, out var resolution) ? resolution.Price.MinimumCacheableTokens : null;
        var writers = _matchingWriters;
        var rules = _rules;
        string stableKey = Convert.ToHexStringLower(prefixHash.GetHashAndReset());

        // A cache write costs more than plain input and pays only if a later request reads it: optionally, write only
        // prefixes this orderer has already seen once.
        bool seenBefore = !_options.WriteCacheOnlyForRepeatedPrefixes || !_seenPrefixes.TryAdd(stableKey, 0);
        if (_seenPrefixes.Count > MaximumAnalysesByContent)
        {
            _seenPrefixes.Clear();
        }

        var usable = seenBefore
            ? breakpoints.Where(b => rules is null || rules.CacheableTokens(b.PrefixTokens, minimum) > 0)
                .TakeLast(PrefixOrderingOptions.MaximumCacheBreakpointsPerRequest).ToList()
            : [];
        var plan = new PromptCachePlan(usable, stableKey, stablePrefixTokens, modelId);

        // Learning compares a route's stable region with its previous one; when the region hashes the same, nothing
        // changed and the (large) comparison is skipped.
        if (stableTexts is { Count: > 0 } && !string.Equals(_lastStableKeys.GetValueOrDefault(route), stableKey, StringComparison.Ordinal))
        {
            _lastStableKeys[route] = stableKey;
            if (_detector.Observe(route, string.Join('\n', stableTexts)).Count > 0)
            {
                _learnedVersions.AddOrUpdate(route, 1, static (_, v) => v + 1);
            }
        }

        var optionsOut = options;
        if (reorder && (toolsReordered || writers.Count > 0))
        {
            optionsOut = options?.Clone() ?? new ChatOptions();
            optionsOut.Tools = tools;
            if (writers.Count > 0)
            {
                // Writers replace messages in the list they get: it must never be the caller's list, which is reused
                // on the next turn of a conversation.
                List<ChatMessage> writable = ReferenceEquals(messagesOut, rewritten) ? rewritten! : [.. messagesOut];
                foreach (var writer in writers)
                {
                    writer.Write(plan, writable, optionsOut);
                }

                messagesOut = writable;
            }
        }

        int predicted = rules is null ? 0
            : rules.RequiresBreakpoints ? (usable.Count == 0 ? 0 : rules.CacheableTokens(usable[^1].PrefixTokens, minimum))
            : rules.CacheableTokens(stablePrefixTokens, minimum);

        WarnIfEarlyVolatile(route, findings);
        return new PreparedRequest(messagesOut, optionsOut, new PrefixOrderingReport
        {
            Route = route,
            Mode = _options.Mode,
            Findings = findings ?? (IReadOnlyList<VolatileFinding>)[],
            Changed = rewritten is not null || moved is not null || toolsReordered,
            ToolsReordered = toolsReordered,
            DocumentsReordered = documentsReordered,
            StablePrefixTokens = stablePrefixTokens,
            PredictedCacheableTokens = predicted,
            Plan = plan,
        });
    }

    private PrefixOrderingReport Complete(PreparedRequest prepared, TokenUsage? usage)
    {
        var report = prepared.Report with
        {
            InputTokens = usage?.InputTokens,
            ReportedCachedTokens = usage?.CachedInputTokens,
        };
        _routes.GetOrAdd(report.Route, static _ => new RouteTotals()).Add(report);
        Record(report);
        return report;
    }

    private void Record(PrefixOrderingReport report)
    {
        var tags = new TagList
        {
            { CostAwareTelemetry.RouteTag, report.Route },
            { CostAwareTelemetry.RequestModelTag, report.Plan?.ModelId },
        };
        if (report.InputTokens is { } input)
        {
            _inputTokens.Add(input, tags);
        }

        if (report.ReportedCachedTokens is { } cached)
        {
            _cachedTokens.Add(cached, tags);
        }

        _stablePrefix.Record(report.StablePrefixTokens, tags);
        if (_findings.Enabled)
        {
            foreach (var finding in report.Findings)
            {
                var findingTags = tags;
                findingTags.Add(CostAwareTelemetry.VolatileKindTag, finding.Kind.ToString().ToLowerInvariant());
                _findings.Add(1, findingTags);
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _meter.Dispose();
        }

        base.Dispose(disposing);
    }

    private List<ChatMessage> Place(List<ChatMessage> messages, List<AIContent> moved, int systemEnd, int currentTurn, ref List<CacheBreakpoint> breakpoints)
    {
        if (_options.Placement == VolatilePlacement.EndOfSystemPrompt && systemEnd > 0)
        {
            var system = messages[systemEnd - 1];
            messages[systemEnd - 1] = Copy(system, [.. system.Contents, .. moved]);
            return messages;
        }

        if (currentTurn >= 0)
        {
            // The current turn is the last message; dropping emptied system messages never moves it from there.
            int index = messages.Count - 1;
            var turn = messages[index];
            messages[index] = Copy(turn, [.. moved, .. turn.Contents]);
            return messages;
        }

        messages.Add(new ChatMessage(ChatRole.User, moved));
        return messages;
    }

    private static ChatMessage Copy(ChatMessage message, IList<AIContent> contents) => new(message.Role, contents)
    {
        AuthorName = message.AuthorName,
        MessageId = message.MessageId,
        AdditionalProperties = message.AdditionalProperties,
        RawRepresentation = message.RawRepresentation,
    };

    private PromptTextAnalysis Analyze(string text, string route, int learnedVersion)
    {
        if (_analyses.TryGetValue(text, out var cached) && cached.Matches(route, learnedVersion))
        {
            return cached;
        }

        // An application that formats a prompt per request sends a new string with the same content each time; the
        // content-keyed table spares it the tokenizing and detection.
        if (!_analysesByContent.TryGetValue(text, out var analysis) || !analysis.Matches(route, learnedVersion))
        {
            analysis = PromptTextAnalysis.Create(text, route, learnedVersion, _detector, _counter);
            if (_analysesByContent.Count >= MaximumAnalysesByContent)
            {
                _analysesByContent.Clear();
            }

            _analysesByContent[text] = analysis;
        }

        _analyses.AddOrUpdate(text, analysis);
        return analysis;
    }

    private ToolFacts ToolInfo(AITool tool)
    {
        if (!_tools.TryGetValue(tool, out var facts))
        {
            string text = ToolText.Render([tool]);
            facts = new ToolFacts(SHA256.HashData(Encoding.UTF8.GetBytes(text)), _counter.CountTokens(text));
            _tools.AddOrUpdate(tool, facts);
        }

        return facts;
    }

    private int CountContent(AIContent content, string route, int learnedVersion, IncrementalHash? hash)
    {
        switch (content)
        {
            case TextContent text when hash is not null:
                var analysis = Analyze(text.Text, route, learnedVersion);
                hash.AppendData(analysis.StableHash);
                return analysis.TokenCount;
            case TextContent text:
                if (!_textTokens.TryGetValue(text.Text, out var count))
                {
                    count = new StrongBox<int>(_counter.CountTokens(text.Text));
                    _textTokens.AddOrUpdate(text.Text, count);
                }

                return count.Value;
            case FunctionCallContent call:
                return _counter.CountTokens(call.Name) + _counter.CountTokens(call.Arguments is null ? "{}" : string.Join(',', call.Arguments.Select(a => $"{a.Key}:{a.Value}")));
            case FunctionResultContent result:
                return _counter.CountTokens(result.Result?.ToString() ?? string.Empty);
            default:
                return 0;
        }
    }

    private int RoleTokens(ChatRole role) => _roleTokens.GetOrAdd(role.Value, static (r, c) => c.CountTokens(r), _counter);

    private static List<AIContent>? SortDocuments(IList<AIContent> contents)
    {
        List<AIContent>? result = null;
        int i = 0;
        while (i < contents.Count)
        {
            if (contents[i].GetPromptDocumentId() is null)
            {
                i++;
                continue;
            }

            int end = i;
            while (end < contents.Count && contents[end].GetPromptDocumentId() is not null)
            {
                end++;
            }

            var run = contents.Skip(i).Take(end - i).ToList();
            var ordered = run.OrderBy(static c => c.GetPromptDocumentId(), StringComparer.Ordinal).ToList();
            if (!run.SequenceEqual(ordered))
            {
                result ??= [.. contents];
                for (int k = 0; k < ordered.Count; k++)
                {
                    result[i + k] = ordered[k];
                }
            }

            i = end;
        }

        return result;
    }

    private static bool IsSortedByName(IList<AITool> tools)
    {
        for (int i = 1; i < tools.Count; i++)
        {
            if (string.CompareOrdinal(tools[i - 1].Name, tools[i].Name) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private List<IPromptCacheHintWriter> MatchingWriters()
    {
        var matching = new List<IPromptCacheHintWriter>(_writers.Length);
        foreach (var writer in _writers)
        {
            if (string.Equals(writer.ProviderName, _metadata?.ProviderName, StringComparison.OrdinalIgnoreCase))
            {
                matching.Add(writer);
            }
        }

        return matching;
    }

    private static PromptCacheRules? RulesFor(string? provider) => provider?.ToUpperInvariant() switch
    {
        "OPENAI" or "AZURE.AI.OPENAI" => PromptCacheRules.OpenAI,
        "ANTHROPIC" => PromptCacheRules.Anthropic,
        _ => null,
    };

    private void WarnIfEarlyVolatile(string route, List<VolatileFinding>? findings)
    {
        if (findings is null)
        {
            return;
        }

        foreach (var finding in findings)
        {
            if (finding.TokenPosition < _options.VolatileWarningTokenWindow)
            {
                var totals = _routes.GetOrAdd(route, static _ => new RouteTotals());
                if (totals.TryMarkWarned())
                {
                    PrefixLog.EarlyVolatileContent(_logger, route, finding.Kind, finding.TokenPosition, finding.Moved);
                }

                return;
            }
        }
    }

    private sealed record ToolFacts(byte[] Hash, int Tokens);

    private sealed record PreparedRequest(IList<ChatMessage> Messages, ChatOptions? Options, PrefixOrderingReport Report);

    private sealed class RouteTotals
    {
        private long _requests, _input, _cached, _stable, _findings;
        private int _warned;

        public void Add(PrefixOrderingReport report)
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _input, report.InputTokens ?? 0);
            Interlocked.Add(ref _cached, report.ReportedCachedTokens ?? 0);
            Interlocked.Add(ref _stable, report.StablePrefixTokens);
            Interlocked.Add(ref _findings, report.Findings.Count);
        }

        public bool TryMarkWarned() => Interlocked.Exchange(ref _warned, 1) == 0;

        public PrefixRouteStatistics Snapshot() => new()
        {
            Requests = Interlocked.Read(ref _requests),
            InputTokens = Interlocked.Read(ref _input),
            CachedTokens = Interlocked.Read(ref _cached),
            StablePrefixTokens = Interlocked.Read(ref _stable),
            VolatileFindings = Interlocked.Read(ref _findings),
        };
    }
}
