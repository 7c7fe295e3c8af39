using CostAware;
using CostAware.Benchmarks;
using Microsoft.Extensions.AI;

// Results for the context pruner section of benchmarks/README.md: retrieval over a passage set with planted
// duplicates, and what the pruner removes from the benchmark conversation. No model is called.
var (passages, planted, sources) = PassageSet.Generate();
var counter = TiktokenTokenCounter.O200kBase;
int budget = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
var result = await new ContextCompactor().CompactAsync(PassageSet.Question, passages, budget);

int exact = result.Removed.Count(r => r.Reason == PassageRemovalReason.ExactDuplicate);
int near = result.Removed.Count(r => r.Reason == PassageRemovalReason.NearDuplicate);
int overBudget = result.Removed.Count(r => r.Reason == PassageRemovalReason.OverBudget);
var duplicates = result.Removed.Where(r => r.Reason != PassageRemovalReason.OverBudget).ToList();
// A removal is right when both passages were made from the same distinct passage (whichever copy came first is kept).
int rightRemovals = duplicates.Count(r => sources[r.Id] == sources[r.DuplicateOf!]);
int falseDuplicates = duplicates.Count - rightRemovals;
int duplicateTokens = duplicates.Sum(r => r.Tokens);
bool answerKept = result.Passages.Any(p => p.Text.Contains("4417", StringComparison.Ordinal));
var ranked = await Bm25PassageRanker.Default.ScoreAsync(PassageSet.Question, passages, CancellationToken.None);
int answerRank = 1 + ranked.Count(s => s > ranked[passages.FindIndex(p => p.Id == PassageSet.AnswerId)]);
var answerCopies = passages.Where(p => p.Text.Contains("4417", StringComparison.Ordinal)).Select(p => p.Id).ToList();
var keptCopy = result.Passages.FirstOrDefault(p => answerCopies.Contains(p.Id))?.Id;
var removedCopy = result.Removed.FirstOrDefault(r => answerCopies.Contains(r.Id));

Console.WriteLine($"passages: {passages.Count} ({planted.Count} planted duplicates), budget {budget} tokens");
Console.WriteLine($"tokens before: {result.TokensBefore}, after: {result.TokensAfter}, removed: {result.TokensRemoved} ({100.0 * result.TokensRemoved / result.TokensBefore:F1}%)");
Console.WriteLine($"duplicates removed: {duplicates.Count} (exact {exact}, near {near}), {duplicateTokens} tokens; right (same source) {rightRemovals} of {planted.Count} planted; wrong {falseDuplicates}");
Console.WriteLine($"over budget: {overBudget} passages, {result.Removed.Where(r => r.Reason == PassageRemovalReason.OverBudget).Sum(r => r.Tokens)} tokens; kept {result.Passages.Count}");
Console.WriteLine($"answer passage {PassageSet.AnswerId}: BM25 rank {answerRank} of {passages.Count}; answer kept: {answerKept} (copies {string.Join(", ", answerCopies)}; kept {keptCopy}; removed {removedCopy?.Id} as {removedCopy?.Reason} of {removedCopy?.DuplicateOf}, similarity {removedCopy?.Similarity:F3})");

foreach (string id in answerCopies)
{
    var fate = result.Removed.FirstOrDefault(r => r.Id == id);
    Console.WriteLine($"  answer copy {id}: {(fate is null ? "kept" : $"{fate.Reason} of {fate.DuplicateOf} ({fate.Similarity:F3})")}");
}

// Planted duplicates whose group was not merged: neither they nor a copy of the same original was removed as a duplicate of the other.
foreach (string id in planted.Order(StringComparer.Ordinal))
{
    bool merged = duplicates.Any(r => (r.Id == id || r.DuplicateOf == id) && sources[r.Id] == sources[r.DuplicateOf!]);
    if (!merged)
    {
        var original = passages.First(p => !planted.Contains(p.Id) && sources[p.Id] == sources[id]);
        Console.WriteLine($"  missed {id} (copy of {original.Id}): 3-word shingle Jaccard {Jaccard(passages.First(p => p.Id == id).Text, original.Text):F3}");
    }
}

static double Jaccard(string a, string b)
{
    static HashSet<string> Shingles(string text)
    {
        var words = text.ToLowerInvariant().Split([' ', '.', ','], StringSplitOptions.RemoveEmptyEntries);
        return [.. Enumerable.Range(0, Math.Max(1, words.Length - 2)).Select(i => string.Join(' ', words.Skip(i).Take(3)))];
    }

    var x = Shingles(a);
    var y = Shingles(b);
    return (double)x.Intersect(y).Count() / x.Union(y).Count();
}

// The pruner on the benchmark conversation.
var conversation = AgentConversation.Build();
conversation[^1] = new ChatMessage(ChatRole.User, "What changed since the last lookup?");
foreach (int limit in new[] { 60_000, 20_000 })
{
    using var client = new ChatClientBuilder(new EchoClient()).UseContextPruning(o => o.MaximumInputTokens = limit).Build();
    var response = await client.GetResponseAsync(conversation);
    var report = response.GetPruningReport()!;
    Console.WriteLine($"pruning {conversation.Count} messages, budget {limit}: {report.InputTokensBefore} -> {report.InputTokensAfter} tokens (removed {report.TokensRemoved}); dropped {report.MessagesDropped}, shortened {report.MessagesShortened}, summarized {report.MessagesSummarized}, superseded {report.SupersededToolCallsRemoved}; met {report.BudgetMet}; sent {response.Text} messages");
}

/// <summary>Answers with the number of messages it was sent.</summary>
internal sealed class EchoClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, messages.Count().ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
