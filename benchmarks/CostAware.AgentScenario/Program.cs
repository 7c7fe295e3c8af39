using System.Globalization;
using System.Text;
using CostAware;
using CostAware.AgentScenario;
using CostAware.Simulation;
using Microsoft.Extensions.AI;

// An agent scenario on the provider simulator: a scripted model reads 40 source files of about 2,000 tokens each with
// a read_file tool, one per step, then answers. Run (a) is the bare FunctionInvokingChatClient with a high iteration
// cap; (b) adds the agent runner (step and dollar caps, default tier policy); (c) adds the context pruner as well.
const int FilesToRead = 40;
const string TopModel = "gpt-4.1";
const string SmallModel = "gpt-4.1-nano";

var catalog = PriceCatalog.BuiltIn;
var counter = TiktokenTokenCounter.O200kBase;
var files = new Dictionary<string, string>(StringComparer.Ordinal);
var readFile = AIFunctionFactory.Create((string path) => ReadFile(path), "read_file", "Reads a source file of the repository.");

var notes = new List<string>();
var rows = new List<string>
{
    await RunAsync("(a) bare FunctionInvokingChatClient, MaximumIterationsPerRequest = 100", (top, _) =>
        new ChatClientBuilder(top).UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100).Build()),
    await RunAsync("(b) (a) + UseAgentBudget: 30 steps, $0.25, small tier gpt-4.1-nano", (top, small) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseAgentBudget(o => ConfigureRunner(o, small))
            .Build()),
    await RunAsync("(b1) (a) + UseAgentBudget: tier policy only (100 steps, no dollar cap)", (top, small) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseAgentBudget(o =>
            {
                o.Tiers.Add(new EscalationTier("small", small));
                o.MaximumStepsPerRun = 100;
            })
            .Build()),
    await RunAsync("(b2) (a) + UseAgentBudget: $0.25 only, every step on gpt-4.1", (top, _) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseAgentBudget(o =>
            {
                o.MaximumStepsPerRun = 100;
                o.MaximumCostPerRun = 0.25m;
            })
            .Build()),
    await RunAsync("(b3) (b) with FinalStepTierName = small", (top, small) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseAgentBudget(o =>
            {
                ConfigureRunner(o, small);
                o.FinalStepTierName = "small";
            })
            .Build()),
    await RunAsync("(b4) (b3) with KeepToolDefinitionsInFinalStep = true", (top, small) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseAgentBudget(o =>
            {
                ConfigureRunner(o, small);
                o.FinalStepTierName = "small";
                o.KeepToolDefinitionsInFinalStep = true;
            })
            .Build()),
    await RunAsync("(c) (b) + UseContextPruning (defaults)", (top, small) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseContextPruning()
            .UseAgentBudget(o => ConfigureRunner(o, small))
            .Build()),
    await RunAsync("(c2) (b) + UseContextPruning, MaximumInputTokens = 16,000", (top, small) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseContextPruning(p => p.MaximumInputTokens = 16_000)
            .UseAgentBudget(o => ConfigureRunner(o, small))
            .Build()),
    await RunAsync("(c3) (b) + UseContextPruning, 16,000 tokens, tool results in the current turn shortened", (top, small) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseContextPruning(p =>
            {
                p.MaximumInputTokens = 16_000;
                p.ReduceToolResultsInRecentTurns = true;
            })
            .UseAgentBudget(o => ConfigureRunner(o, small))
            .Build()),
    await RunAsync("(d) bare loop + UseContextPruning, 16,000 tokens, tool results in the current turn shortened", (top, small) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 100)
            .UseContextPruning(p =>
            {
                p.MaximumInputTokens = 16_000;
                p.ReduceToolResultsInRecentTurns = true;
            })
            .Build()),
};

Console.WriteLine($"Task: read {FilesToRead} files of {counter.CountTokens(ReadFile("src/module01.cs")):N0} tokens each, then answer. Prices: built-in catalog.");
Console.WriteLine();
Console.WriteLine("| Run | Model calls | Tiers (calls) | Input tokens | Cached input | Output tokens | Total tokens | Cost (USD) | Stop | Files read |");
Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---|---:|");
rows.ForEach(Console.WriteLine);
Console.WriteLine();
notes.ForEach(Console.WriteLine);
return;

static void ConfigureRunner(AgentRunOptions options, IChatClient small)
{
    options.Tiers.Add(new EscalationTier("small", small));
    options.MaximumStepsPerRun = 30;
    options.MaximumCostPerRun = 0.25m;
}

async Task<string> RunAsync(string name, Func<IChatClient, IChatClient, IChatClient> build)
{
    var clock = new SimulationClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    var ledger = new InMemoryCostLedger();
    IChatClient Tier(string model) => new ScriptedAgentModel(
        new TokenMeterChatClient(
            new OpenAISimulatorChatClient(new SimulatorOptions { DefaultModelId = model, SimulateLatency = false, TimeProvider = clock, Catalog = catalog }),
            catalog,
            ledger,
            timeProvider: clock),
        FilesToRead);

    var agent = build(Tier(TopModel), Tier(SmallModel));
    List<ChatMessage> messages =
    [
        new(ChatRole.System, "You are a careful code reviewer. Use read_file to read the repository's files one by one, then name the faulty module."),
        new(ChatRole.User, $"Read src/module01.cs to src/module{FilesToRead:D2}.cs and tell me which module has the fault."),
    ];

    using var run = AgentRun.Begin($"scenario-{name.Split(' ')[0].Trim('(', ')')}");
    var response = await agent.GetResponseAsync(messages, new ChatOptions { Tools = [readFile], MaxOutputTokens = 256 });

    var entries = ledger.GetEntries();
    long input = entries.Sum(static e => e.Usage.InputTokens ?? 0);
    long cached = entries.Sum(static e => e.Usage.CachedInputTokens ?? 0);
    long output = entries.Sum(static e => e.Usage.OutputTokens ?? 0);
    decimal cost = entries.Sum(static e => e.CostUsd ?? 0m);
    string tiers = string.Join(", ", entries.GroupBy(static e => e.ModelId).Select(static g => $"{g.Key} ×{g.Count()}"));
    int filesRead = response.Messages.Sum(static m => m.Contents.Count(static c => c is FunctionResultContent));
    var report = response.GetAgentRunReport();
    if (report is { FinalStepMade: true })
    {
        var last = entries[^1];
        notes.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: final step on {last.ModelId}: {last.Usage.InputTokens:N0} input ({last.Usage.CachedInputTokens:N0} cached), {last.Usage.OutputTokens:N0} output, ${last.CostUsd:0.0000}."));
    }

    if (response.GetPruningReport() is { } pruning)
    {
        notes.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: last request through the pruner: {pruning.InputTokensBefore:N0} tokens before, {pruning.InputTokensAfter:N0} after, budget {pruning.BudgetTokens:N0}, met: {pruning.BudgetMet}."));
    }

    string stop = report is null ? "answered" : $"{report.StopReason}{(report.FinalStepMade ? " + final step" : string.Empty)}";
    return string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {entries.Count} | {tiers} | {input:N0} | {cached:N0} | {output:N0} | {input + output:N0} | ${cost:0.0000} | {stop} | {filesRead} |");
}

string ReadFile(string path)
{
    if (!files.TryGetValue(path, out string? text))
    {
        // About 2,000 tokens of deterministic, file-specific source text.
        var builder = new StringBuilder();
        int seed = path.Aggregate(17, static (hash, c) => unchecked((hash * 31) + c)) & 0x7fff; // stable across processes
        for (int line = 1; counter.CountTokens(builder.ToString()) < 2_000; line++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"    public int Compute{line}(int value) => (value * {line + seed}) ^ {seed % (line + 7)}; // {path}:{line}\n");
        }

        files[path] = text = builder.ToString();
    }

    return text;
}
