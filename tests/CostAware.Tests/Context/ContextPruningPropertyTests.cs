using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Context;

/// <summary>Invariants of the pruner over a few hundred random conversations of user, assistant, tool-call and
/// tool-result messages, from a seeded generator.</summary>
public sealed class ContextPruningPropertyTests
{
    private const int Conversations = 300;
    private static readonly string[] s_functions = ["search", "fetch", "calc"];
    private static readonly string[] s_arguments = ["a", "b", "c", "d"];

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Pruning_random_conversations_keeps_tool_pairs_system_pinned_and_last_turns_and_meets_the_budget_when_it_can(bool streaming)
    {
        int pruned = 0, unmet = 0, summarized = 0, superseded = 0, shortened = 0;
        for (int seed = 0; seed < Conversations; seed++)
        {
            var random = new Random(seed);
            var messages = Generate(random);
            var snapshot = messages.Select(m => (m.Role, m.Contents.ToList(), m.Text)).ToList();
            int total = messages.Sum(WordTokenCounter.Instance.CountMessageTokens);
            int recentTurns = random.Next(1, 4);
            int budget = random.Next(5, total + 10);
            var summarizer = new ScriptedChatClient();
            for (int i = 0; i < 64; i++)
            {
                summarizer.ThenReply($"summary {i}", usage: null);
            }

            bool reduceRecent = random.Next(3) == 0;
            var inner = new ScriptedChatClient().ThenReply("fine", usage: null);
            using var client = new ContextPruningChatClient(inner, new ContextPruningOptions
            {
                TokenCounter = WordTokenCounter.Instance,
                MaximumInputTokens = budget,
                RecentTurnsKept = recentTurns,
                MaximumToolResultTokens = random.Next(4, 40),
                Summarizer = random.Next(3) == 0 ? summarizer : null,
                ReduceToolResultsInRecentTurns = reduceRecent,
            });

            var response = await Modes.GetAsync(client, streaming, messages);
            var sent = inner.Calls[0].Messages;
            var report = response.GetPruningReport()!;
            string because = $"seed {seed}";

            // Never mutated.
            messages.Select(m => (m.Role, m.Contents.ToList(), m.Text)).Should().BeEquivalentTo(snapshot, o => o.WithStrictOrdering(), because);

            // System and pinned messages kept, in order.
            sent.Where(m => m.Role == ChatRole.System).Should().Equal(messages.Where(m => m.Role == ChatRole.System), because);
            foreach (var pinned in messages.Where(m => m.GetStability() == PromptStability.Pinned))
            {
                sent.Should().Contain(pinned, because);
            }

            // The last turns intact, by instance; when their tool results may be reduced, their user messages and the
            // latest tool-calling step (from the last call to the end) still are.
            int tailStart = TailStart(messages, recentTurns);
            if (!reduceRecent)
            {
                sent.TakeLast(messages.Count - tailStart).Should().Equal(messages.Skip(tailStart), because);
            }
            else
            {
                int lastStep = messages.FindLastIndex(m => m.Contents.OfType<FunctionCallContent>().Any());
                int from = Math.Max(tailStart, lastStep);
                sent.TakeLast(messages.Count - from).Should().Equal(messages.Skip(from), because);
                sent.Should().Contain(messages.Skip(tailStart).Where(m => m.Role == ChatRole.User), because);
            }

            AssertToolPairs(sent, because);

            // The report agrees with what was sent; the budget is met unless only unremovable messages are left.
            report.InputTokensBefore.Should().Be(total, because);
            report.InputTokensAfter.Should().Be(sent.Sum(WordTokenCounter.Instance.CountMessageTokens), because);
            report.BudgetMet.Should().Be(report.InputTokensAfter <= budget, because);
            if (!report.BudgetMet && !reduceRecent)
            {
                unmet++;
                sent.Take(sent.Count - (messages.Count - tailStart))
                    .Where(m => m.Role != ChatRole.System && m.GetStability() != PromptStability.Pinned)
                    .Should().BeEmpty(because);
            }

            pruned += report.Pruned ? 1 : 0;
            summarized += report.MessagesSummarized > 0 ? 1 : 0;
            superseded += report.SupersededToolCallsRemoved > 0 ? 1 : 0;
            shortened += report.MessagesShortened > 0 ? 1 : 0;
        }

        // The generator exercises every path.
        pruned.Should().BeGreaterThan(100);
        unmet.Should().BeGreaterThan(0);
        summarized.Should().BeGreaterThan(0);
        superseded.Should().BeGreaterThan(0);
        shortened.Should().BeGreaterThan(0);
    }

    private static void AssertToolPairs(IReadOnlyList<ChatMessage> sent, string because)
    {
        for (int i = 0; i < sent.Count; i++)
        {
            foreach (var result in sent[i].Contents.OfType<FunctionResultContent>())
            {
                // The call is in the assistant message before this run of tool messages.
                int j = i - 1;
                while (j >= 0 && sent[j].Role == ChatRole.Tool)
                {
                    j--;
                }

                (j >= 0 && sent[j].Contents.OfType<FunctionCallContent>().Any(c => c.CallId == result.CallId))
                    .Should().BeTrue($"result {result.CallId} needs its call ({because})");
            }

            foreach (var call in sent[i].Contents.OfType<FunctionCallContent>())
            {
                int j = i + 1;
                bool found = false;
                while (j < sent.Count && sent[j].Role == ChatRole.Tool)
                {
                    found |= sent[j].Contents.OfType<FunctionResultContent>().Any(r => r.CallId == call.CallId);
                    j++;
                }

                found.Should().BeTrue($"call {call.CallId} needs its result ({because})");
            }
        }
    }

    private static int TailStart(List<ChatMessage> messages, int recentTurns)
    {
        int systemEnd = messages.TakeWhile(m => m.Role == ChatRole.System).Count();
        var starts = Enumerable.Range(systemEnd, messages.Count - systemEnd)
            .Where(i => i == systemEnd || messages[i].Role == ChatRole.User).ToList();
        return starts.Count > recentTurns ? starts[^recentTurns] : systemEnd;
    }

    private static List<ChatMessage> Generate(Random random)
    {
        var messages = new List<ChatMessage>();
        if (random.Next(4) != 0)
        {
            messages.Add(new ChatMessage(ChatRole.System, Text(random, 3, 12)));
        }

        int turns = random.Next(1, 10);
        int callId = 0;
        for (int t = 0; t < turns; t++)
        {
            var user = new ChatMessage(ChatRole.User, Text(random, 2, 20));
            if (random.Next(10) == 0)
            {
                user.WithStability(PromptStability.Pinned);
            }

            messages.Add(user);
            int rounds = random.Next(0, 4);
            for (int r = 0; r < rounds; r++)
            {
                int calls = random.Next(1, 4);
                var callContents = new List<AIContent>();
                if (random.Next(3) == 0)
                {
                    callContents.Add(new TextContent(Text(random, 1, 5)));
                }

                var ids = new List<string>();
                for (int c = 0; c < calls; c++)
                {
                    string id = $"call{callId++}";
                    ids.Add(id);
                    callContents.Add(new FunctionCallContent(id, s_functions[random.Next(s_functions.Length)],
                        new Dictionary<string, object?> { ["q"] = s_arguments[random.Next(s_arguments.Length)] }));
                }

                messages.Add(new ChatMessage(ChatRole.Assistant, callContents));
                if (random.Next(2) == 0)
                {
                    messages.Add(new ChatMessage(ChatRole.Tool, [.. ids.Select(id => (AIContent)new FunctionResultContent(id, Text(random, 1, 120)))]));
                }
                else
                {
                    foreach (string id in ids)
                    {
                        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(id, Text(random, 1, 120))]));
                    }
                }
            }

            if (t < turns - 1 || random.Next(2) == 0)
            {
                var answer = new ChatMessage(ChatRole.Assistant, Text(random, 1, 30));
                if (random.Next(12) == 0)
                {
                    answer.WithStability(PromptStability.Pinned);
                }

                messages.Add(answer);
            }
        }

        return messages;
    }

    private static string Text(Random random, int minimumWords, int maximumWords) =>
        string.Join(' ', Enumerable.Range(0, random.Next(minimumWords, maximumWords + 1)).Select(_ => $"w{random.Next(1000)}"));
}
