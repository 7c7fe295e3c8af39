using CostAware;
using CostAware.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

// A sample of the application's own prompts, to calibrate the router: here, 25% of them should reach the frontier tier.
string[] sample =
[
    "Hi!", "Thanks, that helped.", "Translate 'see you tomorrow' into Spanish.", "What is the capital of Norway?",
    "Summarize this paragraph in one sentence: our refund window is 30 days from delivery.",
    "Rewrite this sentence more politely: send me the report now.", "What time zone is Tokyo in?",
    "A shop sells pens at $1.20 each and notebooks at $3.50 each. Maya buys 4 pens and twice as many notebooks as pens, then returns 2 notebooks. How much does she pay in total?",
    "Prove that the square root of 2 is irrational, step by step.",
    "Design a rate limiter for a multi-tenant API. Compare token bucket and sliding window, explain the trade-offs, and include C# code that must be thread-safe.",
    "List three fruits.", "Classify the sentiment of: 'the delivery was late again'.",
];
var classifier = new HeuristicDifficultyClassifier();
var thresholds = await RouterCalibration.ForStrongShareAsync(classifier, sample, strongShare: 0.25);

var services = new ServiceCollection();
services.AddCostAware();

// One simulated OpenAI client serves both tiers; the router sets each request's model.
services.AddChatClient(_ => new OpenAISimulatorChatClient(new SimulatorOptions { DefaultModelId = "gpt-4o", SimulateLatency = false }))
    .UseTierRouter(o =>
    {
        o.Tiers.Add(new ModelTier("small", "gpt-4o-mini") { QualityHint = 0.7 });
        o.Tiers.Add(new ModelTier("frontier", "gpt-4o") { QualityHint = 0.9 });
        o.Classifier = classifier;
        o.Thresholds = thresholds;
    })
    .UseTokenMeter();

await using var provider = services.BuildServiceProvider();
var chat = provider.GetRequiredService<IChatClient>();

Console.WriteLine($"cut point {thresholds}: {thresholds.TargetShares![1]:P0} of the sample goes to the frontier tier");
string[] requests =
[
    "Hello there!",
    "Translate 'thank you very much' into German.",
    "A tank holds 1,200 litres. It loses 4% of its water each day, then 30 litres are added every evening. How much water is in the tank after 3 days?",
    "Prove that there are infinitely many primes and explain why each step follows.",
];
foreach (var request in requests)
{
    var response = await chat.GetResponseAsync(request);
    var decision = response.GetRouteDecision()!;
    Console.WriteLine($"{decision.Tier,-8} score {decision.Score:0.000}  ${response.GetCostUsd():0.000000}  {request[..Math.Min(50, request.Length)]}");
}

// A request may insist on quality: the floor leaves out the small tier.
var careful = await chat.GetResponseAsync("Hello there!", new ChatOptions().WithMinimumQuality(0.8));
Console.WriteLine($"with a quality floor of 0.8: {careful.GetRouteDecision()!.Explanation}");

foreach (var (model, totals) in provider.GetRequiredService<InMemoryCostLedger>().GetStatistics().ByModel)
{
    Console.WriteLine($"{model,-28} {totals.Calls} call(s)  ${totals.CostUsd:0.000000}");
}
