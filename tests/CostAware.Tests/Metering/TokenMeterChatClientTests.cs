using System.Diagnostics.Metrics;
using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Tests.Metering;

public class TokenMeterChatClientTests
{
    private readonly ScriptedChatClient _inner = new(providerName: "openai", defaultModelId: "gpt-4o");
    private readonly InMemoryCostLedger _ledger = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeLogCollector _logs = new();
    private readonly TestMeterFactory _meters = new();

    private static readonly List<ChatMessage> s_prompt = [new(ChatRole.User, "What is two plus two?")];

    private TokenMeterChatClient CreateMeter(TokenMeterOptions? options = null, PriceCatalog? catalog = null) =>
        new(_inner, catalog ?? PriceCatalog.BuiltIn, _ledger, options,
            LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs))), _time, _meters);

    private static UsageDetails Gpt4oUsage => new() { InputTokenCount = 2_006, CachedInputTokenCount = 1_920, OutputTokenCount = 300 };

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Each_call_becomes_one_priced_ledger_entry_attached_to_the_response(bool streaming)
    {
        _inner.ThenReply("Two plus two is four.", Gpt4oUsage, modelId: "gpt-4o-2024-08-06");
        using var meter = CreateMeter();

        var response = await Modes.GetAsync(meter, streaming, s_prompt, new ChatOptions { ModelId = "gpt-4o" });

        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.CostUsd.Should().Be(0.005615m);
        entry.ModelId.Should().Be("gpt-4o-2024-08-06");
        entry.RequestedModelId.Should().Be("gpt-4o");
        entry.Provider.Should().Be("openai");
        entry.PriceResolution!.Match.Should().Be(PriceMatch.DatedSnapshot);
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 2_006, CachedInputTokens = 1_920, OutputTokens = 300 });
        entry.Outcome.Should().Be(CallOutcome.Succeeded);
        entry.IsStreaming.Should().Be(streaming);
        entry.IsEstimate.Should().BeFalse();
        entry.Timestamp.Should().Be(_time.GetUtcNow());
        response.GetCostEntry().Should().BeSameAs(entry);
        response.GetCostUsd().Should().Be(0.005615m);
        response.Text.Should().StartWith("Two plus two is four.");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_entry_can_be_kept_off_the_response_and_still_reaches_the_ledger(bool streaming)
    {
        _inner.ThenReply("four", Gpt4oUsage);
        using var meter = CreateMeter(new TokenMeterOptions { AttachCostToResponse = false });

        var response = await Modes.GetAsync(meter, streaming, s_prompt);

        response.GetCostEntry().Should().BeNull();
        _ledger.GetEntries().Single().CostUsd.Should().Be(0.005615m);
    }

    [Fact]
    public async Task A_stream_passes_every_update_through_and_attaches_the_cost_to_the_last_one()
    {
        _inner.ThenReply("one two three", Gpt4oUsage);
        using var meter = CreateMeter();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in meter.GetStreamingResponseAsync(s_prompt))
        {
            updates.Add(update);
        }

        updates.Should().HaveCount(4);
        updates.Take(3).Select(u => u.GetCostEntry()).Should().AllSatisfy(e => e.Should().BeNull());
        updates[^1].GetCostEntry()!.CostUsd.Should().Be(0.005615m);
    }

    [Fact]
    public async Task Several_usage_reports_in_one_stream_are_merged_field_by_field_not_added()
    {
        // Like Anthropic's message_start (input and cache counts) followed by message_delta (output only).
        _inner.ExtraStreamedUsage.Add(new UsageDetails { InputTokenCount = 2_006, CachedInputTokenCount = 1_920, OutputTokenCount = 1 });
        _inner.ThenReply("four", new UsageDetails { OutputTokenCount = 300 });
        using var meter = CreateMeter();

        await meter.GetStreamingResponseAsync(s_prompt).ToChatResponseAsync();

        var entry = _ledger.GetEntries().Single();
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 2_006, CachedInputTokens = 1_920, OutputTokens = 300 });
        entry.CostUsd.Should().Be(0.005615m);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_failed_call_is_recorded_once_as_failed_at_no_cost_and_the_exception_reaches_the_caller(bool streaming)
    {
        _inner.ThenThrow(new HttpRequestException("503 from provider"));
        using var meter = CreateMeter();

        var act = () => Modes.GetAsync(meter, streaming, s_prompt);

        await act.Should().ThrowAsync<HttpRequestException>();
        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Failed);
        entry.CostUsd.Should().Be(0m);
        entry.Usage.IsUnknown.Should().BeTrue();
        entry.Error.Should().Be("HttpRequestException: 503 from provider");
    }

    [Fact]
    public async Task A_stream_the_caller_stops_reading_is_recorded_as_cancelled_with_an_estimate_marked_as_one()
    {
        _inner.ThenReply("alpha beta gamma delta", Gpt4oUsage);
        using var meter = CreateMeter();

        await foreach (var update in meter.GetStreamingResponseAsync(s_prompt))
        {
            break;
        }

        var entry = _ledger.GetEntries().Should().ContainSingle().Subject;
        entry.Outcome.Should().Be(CallOutcome.Cancelled);
        entry.IsEstimate.Should().BeTrue();
        // The meter holds one update back, so it has received "alpha " and "beta " when the caller stops.
        var counter = TiktokenTokenCounter.O200kBase;
        int prompt = counter.CountPromptTokens(s_prompt);
        int output = counter.CountTokens("alpha beta ");
        entry.Usage.Should().Be(new TokenUsage { InputTokens = prompt, OutputTokens = output });
        output.Should().Be(3);
        entry.CostUsd.Should().Be((prompt * 2.5m + output * 10m) / 1_000_000m);
    }

    [Fact]
    public async Task A_cancelled_stream_records_the_usage_that_arrived_rather_than_an_estimate()
    {
        _inner.ExtraStreamedUsage.Add(new UsageDetails { InputTokenCount = 1_500, CachedInputTokenCount = 1_024 });
        _inner.ThenReply("alpha beta", Gpt4oUsage);
        using var meter = CreateMeter();

        await foreach (var update in meter.GetStreamingResponseAsync(s_prompt))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        var entry = _ledger.GetEntries().Single();
        entry.Outcome.Should().Be(CallOutcome.Cancelled);
        entry.IsEstimate.Should().BeFalse();
        entry.Usage.Should().Be(new TokenUsage { InputTokens = 1_500, CachedInputTokens = 1_024 });
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task An_unknown_model_is_recorded_as_unpriced_counted_and_logged_once(bool streaming)
    {
        _inner.ThenReply("a", Gpt4oUsage, modelId: "my-fine-tune").ThenReply("b", Gpt4oUsage, modelId: "my-fine-tune");
        using var meter = CreateMeter();
        using var unpriced = new MetricCollector<long>(_meters.Meters.Single(), CostAwareTelemetry.UnpricedCallsInstrument);

        await Modes.GetAsync(meter, streaming, s_prompt, new ChatOptions { ModelId = "my-fine-tune" });
        var response = await Modes.GetAsync(meter, streaming, s_prompt, new ChatOptions { ModelId = "my-fine-tune" });

        _ledger.GetEntries().Should().HaveCount(2).And.AllSatisfy(e => e.IsUnpriced.Should().BeTrue());
        response.GetCostUsd().Should().BeNull();
        unpriced.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(2);
        _logs.GetSnapshot().Where(r => r.Id.Name == "UnpricedModel").Should().ContainSingle()
            .Which.Message.Should().Contain("'my-fine-tune' is not in the price catalog");
        _ledger.GetStatistics().Total.UnpricedCalls.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Attribution_comes_from_the_ambient_scope_and_the_options_win(bool streaming)
    {
        _inner.ThenReply("a", Gpt4oUsage);
        using var meter = CreateMeter();
        var options = new ChatOptions().WithCostAttribution(new CostAttribution { Feature = "search", Tags = new Dictionary<string, string> { ["exp"] = "b" } });
        options.AdditionalProperties![CostAttributionChatOptionsExtensions.UserKey] = "u-17";

        using (CostScope.Begin(new CostAttribution { Tenant = "acme", Feature = "chat", Tags = new Dictionary<string, string> { ["region"] = "eu" } }))
        {
            await Modes.GetAsync(meter, streaming, s_prompt, options);
        }

        var attribution = _ledger.GetEntries().Single().Attribution;
        attribution.Tenant.Should().Be("acme");
        attribution.Feature.Should().Be("search");
        attribution.User.Should().Be("u-17");
        attribution.Tags.Should().Equal(new Dictionary<string, string> { ["region"] = "eu", ["exp"] = "b" });
        CostScope.Current.Should().BeSameAs(CostAttribution.None);
    }

    [Fact]
    public async Task Cost_and_tokens_are_exported_as_metrics_tagged_by_model_provider_token_type_and_enabled_dimensions()
    {
        _inner.ThenReply("a", new UsageDetails { InputTokenCount = 2_006, CachedInputTokenCount = 1_920, OutputTokenCount = 300, ReasoningTokenCount = 100 });
        using var meter = CreateMeter(new TokenMeterOptions { ExportedDimensions = AttributionDimensions.Tenant });
        var otelMeter = _meters.Meters.Single();
        using var cost = new MetricCollector<double>(otelMeter, CostAwareTelemetry.CostInstrument);
        using var tokens = new MetricCollector<long>(otelMeter, CostAwareTelemetry.TokensInstrument);

        using (CostScope.Begin(tenant: "acme", feature: "chat"))
        {
            await meter.GetResponseAsync(s_prompt);
        }

        otelMeter.Name.Should().Be("CostAware");
        var costPoint = cost.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        costPoint.Value.Should().BeApproximately(0.005615, 1e-12);
        costPoint.Tags.Should().Contain(CostAwareTelemetry.ResponseModelTag, "gpt-4o")
            .And.Contain(CostAwareTelemetry.ProviderTag, "openai")
            .And.Contain(CostAwareTelemetry.TenantTag, "acme")
            .And.NotContainKey(CostAwareTelemetry.FeatureTag);
        tokens.GetMeasurementSnapshot().Select(m => ((string)m.Tags[CostAwareTelemetry.TokenTypeTag]!, m.Value)).Should().Equal(
            ("input", 86L), ("cached_input", 1_920L), ("output", 300L), ("reasoning", 100L));
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Batch_requests_are_priced_at_batch_rates(bool streaming)
    {
        _inner.ThenReply("a", new UsageDetails { InputTokenCount = 1_000_000, CachedInputTokenCount = 0, OutputTokenCount = 1_000_000 });
        using var meter = CreateMeter();
        var options = new ChatOptions { AdditionalProperties = new() { [CostAttributionChatOptionsExtensions.BatchKey] = true } };

        await Modes.GetAsync(meter, streaming, s_prompt, options);

        var entry = _ledger.GetEntries().Single();
        entry.IsBatch.Should().BeTrue();
        entry.CostUsd.Should().Be(6.25m);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_response_without_usage_is_priced_from_an_estimate_marked_as_one(bool streaming)
    {
        _inner.ThenReply("four", usage: null);
        using var meter = CreateMeter();

        await Modes.GetAsync(meter, streaming, s_prompt);

        var entry = _ledger.GetEntries().Single();
        entry.IsEstimate.Should().BeTrue();
        entry.Usage.InputTokens.Should().Be(TiktokenTokenCounter.O200kBase.CountPromptTokens(s_prompt));
        entry.Usage.CachedInputTokens.Should().BeNull();
        entry.Cost!.IsIncomplete.Should().BeTrue();
    }

    [Fact]
    public async Task The_duration_is_measured_with_the_time_provider()
    {
        _inner.Then((_, _) =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(1_250));
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = Gpt4oUsage };
        });
        using var meter = CreateMeter();

        await meter.GetResponseAsync(s_prompt);

        _ledger.GetEntries().Single().Duration.Should().Be(TimeSpan.FromMilliseconds(1_250));
    }

    [Fact]
    public async Task A_failing_ledger_is_logged_and_never_fails_the_call()
    {
        _inner.ThenReply("a", Gpt4oUsage);
        using var meter = new TokenMeterChatClient(_inner, PriceCatalog.BuiltIn, new ThrowingLedger(),
            loggerFactory: LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs))));

        var response = await meter.GetResponseAsync(s_prompt);

        response.GetCostUsd().Should().Be(0.005615m);
        _logs.GetSnapshot().Should().ContainSingle(r => r.Id.Name == "LedgerWriteFailed");
    }

    [Fact]
    public void Constructor_arguments_are_validated()
    {
        var noCatalog = () => new TokenMeterChatClient(_inner, null!, _ledger);
        var noLedger = () => new TokenMeterChatClient(_inner, PriceCatalog.BuiltIn, null!);

        noCatalog.Should().Throw<ArgumentNullException>().WithParameterName("catalog");
        noLedger.Should().Throw<ArgumentNullException>().WithParameterName("ledger");
    }

    private sealed class ThrowingLedger : ICostLedger
    {
        public ValueTask RecordAsync(CostLedgerEntry entry, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("disk full");
    }
}
