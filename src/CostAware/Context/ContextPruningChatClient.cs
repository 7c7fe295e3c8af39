using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CostAware;

/// <summary>
/// A delegating chat client that holds each request to a token budget: when the prompt is over it, older context is
/// reduced until it fits.
/// </summary>
/// <remarks>
/// <para>
/// The budget is <see cref="ContextPruningOptions.MaximumInputTokens"/>, or else
/// <see cref="ContextPruningOptions.ContextWindowShare"/> of the model's context window from the price catalog. A
/// request within its budget is sent unchanged. Otherwise, in this order and only until the budget is met, older
/// turns (all but the last <see cref="ContextPruningOptions.RecentTurnsKept"/>) lose the tool calls that were
/// repeated later with the same arguments (with their results), have large tool results shortened to their head and
/// tail, are replaced by summaries from <see cref="ContextPruningOptions.Summarizer"/> (when one is set), and are
/// dropped, oldest first.
/// </para>
/// <para>
/// System messages and messages marked <see cref="PromptStability.Pinned"/> are always kept, and the last turns are
/// kept whole. A tool call and its results are removed together or not at all, so no result is left without its
/// call. With <see cref="ContextPruningOptions.ReduceToolResultsInRecentTurns"/>, the kept turns' tool results (all but
/// the latest step's) are reduced as a last resort, for agent runs that are one long turn. When what is kept still
/// exceeds the budget, the request is sent anyway and the report says so.
/// </para>
/// <para>
/// The caller's messages are never mutated: changed ones are copies. A <see cref="ContextPruningReport"/> is attached
/// to every response under <see cref="ContextPruningResponseExtensions.ReportKey"/> (when streaming, to the last
/// update) whenever a budget applies. This type is thread-safe. Prompt text is never logged.
/// </para>
/// </remarks>
public sealed class ContextPruningChatClient : DelegatingChatClient
{
    private readonly ContextPruner _pruner;
    private readonly ITokenCounter _counter;
    private readonly int? _maximumInputTokens;
    private readonly double _share;
    private readonly PriceCatalog _catalog;
    private readonly ChatClientMetadata? _metadata;
    private readonly ILogger _logger;
    private readonly int _primingTokens;
    private readonly ConditionalWeakTable<IList<AITool>, StrongBox<int>> _toolTokens = [];
    private readonly OwnedMeter _meter;
    private readonly Counter<long> _tokensRemoved;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _budgetNotMet;

    /// <summary>Initializes a new instance of the <see cref="ContextPruningChatClient"/> class.</summary>
    /// <param name="innerClient">The client requests go to.</param>
    /// <param name="options">The options; read once, so later changes have no effect.</param>
    /// <param name="catalog">Context windows by model; the built-in catalog by default.</param>
    /// <param name="loggerFactory">Creates the logger.</param>
    /// <param name="meterFactory">Creates the OpenTelemetry meter (<see cref="CostAwareTelemetry.MeterName"/>); a
    /// private meter is used when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its valid range.</exception>
    public ContextPruningChatClient(
        IChatClient innerClient,
        ContextPruningOptions? options = null,
        PriceCatalog? catalog = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
        : base(innerClient)
    {
        options ??= new ContextPruningOptions();
        if (options.MaximumInputTokens is int maximum)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximum, $"{nameof(options)}.{nameof(options.MaximumInputTokens)}");
        }

        if (!(options.ContextWindowShare > 0 && options.ContextWindowShare <= 1))
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.ContextWindowShare)}", options.ContextWindowShare, "The share of the context window must be greater than 0 and at most 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.RecentTurnsKept, 1, $"{nameof(options)}.{nameof(options.RecentTurnsKept)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumToolResultTokens, 2, $"{nameof(options)}.{nameof(options.MaximumToolResultTokens)}");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaximumSummaryTokens, $"{nameof(options)}.{nameof(options.MaximumSummaryTokens)}");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.SummaryInstructions, $"{nameof(options)}.{nameof(options.SummaryInstructions)}");

        _counter = options.TokenCounter ?? TiktokenTokenCounter.O200kBase;
        _maximumInputTokens = options.MaximumInputTokens;
        _share = options.ContextWindowShare;
        _catalog = catalog ?? PriceCatalog.BuiltIn;
        _metadata = innerClient.GetService<ChatClientMetadata>();
        _logger = (ILogger?)loggerFactory?.CreateLogger<ContextPruningChatClient>() ?? NullLogger.Instance;
        _pruner = new ContextPruner(options, _counter, _logger);
        _primingTokens = _counter.CountPromptTokens([]);
        _meter = new OwnedMeter(meterFactory);
        _tokensRemoved = _meter.Meter.CreateCounter<long>(ContextTelemetry.TokensRemovedInstrument, CostAwareTelemetry.TokenUnit, "Prompt tokens removed by the context pruner.");
        _messages = _meter.Meter.CreateCounter<long>(ContextTelemetry.MessagesInstrument, ContextTelemetry.MessageUnit, "Messages the context pruner dropped, shortened or summarized.");
        _budgetNotMet = _meter.Meter.CreateCounter<long>(ContextTelemetry.BudgetNotMetInstrument, ContextTelemetry.RequestUnit, "Requests whose kept context exceeded the budget.");
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (prepared, report) = await PrepareAsync(messages, options, cancellationToken).ConfigureAwait(false);

        var response = await base.GetResponseAsync(prepared, options, cancellationToken).ConfigureAwait(false);

        if (report is not null)
        {
            (response.AdditionalProperties ??= [])[ContextPruningResponseExtensions.ReportKey] = report;
        }

        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (prepared, report) = await PrepareAsync(messages, options, cancellationToken).ConfigureAwait(false);
        ChatResponseUpdate? held = null;

        await foreach (var update in base.GetStreamingResponseAsync(prepared, options, cancellationToken).ConfigureAwait(false))
        {
            if (held is not null)
            {
                yield return held;
            }

            held = update;
        }

        if (held is not null)
        {
            if (report is not null)
            {
                (held.AdditionalProperties ??= [])[ContextPruningResponseExtensions.ReportKey] = report;
            }

            yield return held;
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

    private async ValueTask<(IEnumerable<ChatMessage> Messages, ContextPruningReport? Report)> PrepareAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        int? budget = _maximumInputTokens;
        if (budget is null)
        {
            string? modelId = options?.ModelId ?? _metadata?.DefaultModelId;
            if (_catalog.TryResolve(modelId, out var resolution) && resolution.Price.MaxInputTokens is int window)
            {
                budget = (int)Math.Floor(window * _share);
            }
            else
            {
                ContextLog.NoBudget(_logger, modelId);
                return (messages, null);
            }
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        int fixedTokens = _primingTokens + ToolTokens(options?.Tools);
        var (pruned, report) = await _pruner.PruneAsync(list, fixedTokens, budget.Value, cancellationToken).ConfigureAwait(false);
        Record(report);
        return (pruned, report);
    }

    private int ToolTokens(IList<AITool>? tools) =>
        tools is not { Count: > 0 } ? 0 : _toolTokens.GetValue(tools, t => new StrongBox<int>(_counter.CountTokens(ToolText.Render(t)))).Value;

    private void Record(ContextPruningReport report)
    {
        if (report.Pruned)
        {
            _tokensRemoved.Add(report.TokensRemoved);
            AddMessages(report.MessagesDropped, "dropped");
            AddMessages(report.MessagesShortened, "shortened");
            AddMessages(report.MessagesSummarized, "summarized");
            AddMessages(report.SupersededToolCallsRemoved, "superseded");
            ContextLog.Pruned(_logger, report.InputTokensBefore, report.InputTokensAfter, report.BudgetTokens, report.MessagesDropped, report.MessagesShortened, report.MessagesSummarized);
        }

        if (!report.BudgetMet)
        {
            _budgetNotMet.Add(1);
            ContextLog.BudgetNotMet(_logger, report.InputTokensAfter, report.BudgetTokens);
        }
    }

    private void AddMessages(int count, string action)
    {
        if (count > 0)
        {
            _messages.Add(count, new KeyValuePair<string, object?>(ContextTelemetry.ActionTag, action));
        }
    }
}
