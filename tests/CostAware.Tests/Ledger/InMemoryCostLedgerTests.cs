namespace CostAware.Tests.Ledger;

public class InMemoryCostLedgerTests
{
    private static CostLedgerEntry Entry(string model, decimal cost, string? tenant, DateTimeOffset at, CallOutcome outcome = CallOutcome.Succeeded) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Timestamp = at,
        ModelId = model,
        Usage = new TokenUsage { InputTokens = 100, CachedInputTokens = 40, OutputTokens = 10 },
        Cost = new CostBreakdown { Input = cost },
        Attribution = new CostAttribution { Tenant = tenant, Feature = "chat" },
        Outcome = outcome,
    };

    [Fact]
    public async Task Statistics_total_by_model_tenant_feature_and_utc_day()
    {
        var ledger = new InMemoryCostLedger();
        var day1 = new DateTimeOffset(2026, 12, 3, 23, 30, 0, TimeSpan.FromHours(-2));
        var day2 = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

        await ledger.RecordAsync(Entry("gpt-4o", 0.25m, "acme", day1));
        await ledger.RecordAsync(Entry("gpt-4o", 0.5m, "globex", day2));
        await ledger.RecordAsync(Entry("claude-opus-4-1", 1m, "acme", day2, CallOutcome.Failed));
        await ledger.RecordAsync(Entry("gpt-4o", 0m, null, day2) with { Cost = null });

        var stats = ledger.GetStatistics();
        stats.Total.Calls.Should().Be(4);
        stats.Total.FailedCalls.Should().Be(1);
        stats.Total.UnpricedCalls.Should().Be(1);
        stats.Total.CostUsd.Should().Be(1.75m);
        stats.Total.Usage.Should().Be(new TokenUsage { InputTokens = 400, CachedInputTokens = 160, OutputTokens = 40 });
        stats.ByModel["gpt-4o"].CostUsd.Should().Be(0.75m);
        stats.ByModel["gpt-4o"].Calls.Should().Be(3);
        stats.ByTenant["acme"].CostUsd.Should().Be(1.25m);
        stats.ByTenant[""].Calls.Should().Be(1);
        stats.ByFeature["chat"].Calls.Should().Be(4);
        stats.ByDay.Keys.Should().BeEquivalentTo([new DateOnly(2026, 12, 4)], "23:30 at UTC-2 is 01:30 UTC the next day");
    }

    [Fact]
    public async Task Entries_beyond_the_retention_bound_are_dropped_but_stay_in_the_totals()
    {
        var ledger = new InMemoryCostLedger(maximumRetainedEntries: 2);
        var at = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

        for (int i = 1; i <= 3; i++)
        {
            await ledger.RecordAsync(Entry($"m{i}", i, "t", at));
        }

        ledger.GetEntries().Select(e => e.ModelId).Should().Equal("m2", "m3");
        ledger.GetStatistics().Total.CostUsd.Should().Be(6m);
    }

    [Fact]
    public async Task Concurrent_recording_loses_nothing()
    {
        var ledger = new InMemoryCostLedger();
        var at = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

        await Parallel.ForAsync(0, 10_000, async (i, ct) => await ledger.RecordAsync(Entry(i % 2 == 0 ? "a" : "b", 0.001m, "t", at), ct));

        var stats = ledger.GetStatistics();
        stats.Total.Calls.Should().Be(10_000);
        stats.Total.CostUsd.Should().Be(10m);
        stats.ByModel["a"].Calls.Should().Be(5_000);
        ledger.GetEntries().Should().HaveCount(10_000);
    }

    [Fact]
    public void A_negative_retention_bound_is_rejected() =>
        ((Action)(() => _ = new InMemoryCostLedger(-1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maximumRetainedEntries");
}
