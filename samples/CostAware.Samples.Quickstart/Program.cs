using CostAware;
using CostAware.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();

// The price catalog (built-in prices), the in-memory ledger and the meter's defaults.
services.AddCostAware(options => options.MaximumRetainedLedgerEntries = 10_000);

// Any IChatClient goes here; the simulator stands in for OpenAI so this runs offline and free.
services.AddChatClient(_ => new OpenAISimulatorChatClient(new SimulatorOptions
    {
        DefaultModelId = "gpt-4o-mini",
        SimulateLatency = false,
    }))
    .UseTokenMeter();

await using var provider = services.BuildServiceProvider();
var chat = provider.GetRequiredService<IChatClient>();

// Every call inside a scope is billed to its tenant and feature.
using (CostScope.Begin(tenant: "acme", feature: "support"))
{
    var answer = await chat.GetResponseAsync("How do I reset my password?");
    Console.WriteLine($"acme answer:   ${answer.GetCostUsd():0.000000} for {answer.Usage?.TotalTokenCount} tokens");
}

using (CostScope.Begin(tenant: "globex", feature: "summaries"))
{
    var summary = await chat.GetResponseAsync("Summarize our refund policy in one sentence.");
    Console.WriteLine($"globex answer: ${summary.GetCostUsd():0.000000} for {summary.Usage?.TotalTokenCount} tokens");
}

var statistics = provider.GetRequiredService<InMemoryCostLedger>().GetStatistics();
foreach (var (tenant, totals) in statistics.ByTenant)
{
    Console.WriteLine($"{tenant,-8} {totals.Calls} call(s)  ${totals.CostUsd:0.000000}");
}

Console.WriteLine($"{"total",-8} {statistics.Total.Calls} call(s)  ${statistics.Total.CostUsd:0.000000}");
