using Anthropic.Models.Messages;
using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Simulation.Tests;

public class AnthropicSimulatorChatClientTests
{
    private readonly FakeTimeProvider _clock = new();

    private AnthropicSimulatorChatClient Client(PriceCatalog? catalog = null) => new(SimTestData.Options(_clock, catalog: catalog));

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_system_breakpoint_is_written_once_then_read(bool streaming)
    {
        using var client = Client();
        var system = SimTestData.CachedSystem(SimTestData.TextOf(1_500));
        int prefix = SimTestData.Counter.CountMessageTokens(system);
        List<ChatMessage> first = [system, SimTestData.User("Where is my order?")];
        List<ChatMessage> second = [system, SimTestData.User("Can I return a gift?")];

        var written = (await Modes.GetAsync(client, streaming, first, SimTestData.Model("claude-sonnet-4-5"))).Usage!;
        var read = (await Modes.GetAsync(client, streaming, second, SimTestData.Model("claude-sonnet-4-5"))).Usage!;

        written.InputTokenCount.Should().Be(SimTestData.Counter.CountPromptTokens(first));
        written.CachedInputTokenCount.Should().Be(0);
        SimTestData.CacheWrites(written).Should().Be(prefix);
        read.InputTokenCount.Should().Be(SimTestData.Counter.CountPromptTokens(second));
        read.CachedInputTokenCount.Should().Be(prefix);
        SimTestData.CacheWrites(read).Should().Be(0);
        read.TotalTokenCount.Should().Be(read.InputTokenCount + read.OutputTokenCount);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Nothing_is_cached_without_cache_control(bool streaming)
    {
        using var client = Client();
        List<ChatMessage> messages = [new(ChatRole.System, SimTestData.TextOf(3_000)), SimTestData.User("Hi")];

        await Modes.GetAsync(client, streaming, messages, SimTestData.Model("claude-sonnet-4-5"));
        var usage = (await Modes.GetAsync(client, streaming, messages, SimTestData.Model("claude-sonnet-4-5"))).Usage!;

        usage.CachedInputTokenCount.Should().Be(0);
        SimTestData.CacheWrites(usage).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_prefix_below_the_model_minimum_is_silently_not_cached(bool streaming)
    {
        using var client = Client();

        // 2,000 tokens clear Sonnet's 1,024 but not Haiku 4.5's 4,096 (both from the built-in catalog).
        var system = SimTestData.CachedSystem(SimTestData.TextOf(2_000));
        List<ChatMessage> messages = [system, SimTestData.User("Hi")];

        var sonnet = (await Modes.GetAsync(client, streaming, messages, SimTestData.Model("claude-sonnet-4-5"))).Usage!;
        var haiku = (await Modes.GetAsync(client, streaming, messages, SimTestData.Model("claude-haiku-4-5"))).Usage!;

        SimTestData.CacheWrites(sonnet).Should().Be(SimTestData.Counter.CountMessageTokens(system));
        SimTestData.CacheWrites(haiku).Should().Be(0);
        haiku.CachedInputTokenCount.Should().Be(0);
    }

    [Theory]
    [InlineData("claude-sonnet-4-5", 1_024)]
    [InlineData("claude-haiku-4-5", 4_096)]
    [InlineData("claude-3-haiku", 2_048)]
    [InlineData("claude-opus-9", 1_024)]
    [InlineData("claude-3-9-haiku", 2_048)]
    public void The_minimum_cacheable_length_comes_from_the_catalog_else_the_model_family(string model, int expected)
    {
        var settings = SimulatorSettings.From(new SimulatorOptions());

        new AnthropicProviderModel(settings).MinimumCacheableTokens(model).Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_fifth_breakpoint_is_rejected_like_the_api_does(bool streaming)
    {
        using var client = Client();
        var contents = Enumerable.Range(0, 5).Select(i => (AIContent)new TextContent($"Part {i}.").WithCacheControl(Ttl.Ttl5m)).ToList();

        var act = () => Modes.GetAsync(client, streaming, [new ChatMessage(ChatRole.User, contents)], SimTestData.Model("claude-sonnet-4-5"));

        var thrown = (await act.Should().ThrowAsync<SimulatedProviderException>()).Which;
        thrown.StatusCode.Should().Be(400);
        thrown.Message.Should().Contain("maximum of 4 blocks with cache_control").And.Contain("Found 5");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Four_breakpoints_are_accepted_and_write_up_to_the_last(bool streaming)
    {
        using var client = Client(SimTestData.CatalogWith(SimTestData.TestAnthropicModel(minimumCacheable: 100)));
        var contents = Enumerable.Range(0, 4).Select(i => (AIContent)new TextContent(SimTestData.TextOf(200, i)).WithCacheControl(Ttl.Ttl5m)).ToList();
        var message = new ChatMessage(ChatRole.User, contents);

        var usage = (await Modes.GetAsync(client, streaming, [message], SimTestData.Model("claude-test"))).Usage!;

        SimTestData.CacheWrites(usage).Should().Be(SimTestData.Counter.CountMessageTokens(message));
        (usage.InputTokenCount - SimTestData.CacheWrites(usage)).Should().Be(TiktokenTokenCounter.TokensPerReplyPriming);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_five_minute_entry_expires_unless_read(bool streaming)
    {
        using var client = Client();
        List<ChatMessage> messages = [SimTestData.CachedSystem(SimTestData.TextOf(1_500)), SimTestData.User("Hi")];
        var options = SimTestData.Model("claude-sonnet-4-5");
        await Modes.GetAsync(client, streaming, messages, options);

        _clock.Advance(TimeSpan.FromMinutes(4));
        (await Modes.GetAsync(client, streaming, messages, options)).Usage!.CachedInputTokenCount.Should().BeGreaterThan(0);
        _clock.Advance(TimeSpan.FromMinutes(4));
        (await Modes.GetAsync(client, streaming, messages, options)).Usage!.CachedInputTokenCount.Should().BeGreaterThan(0);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var usage = (await Modes.GetAsync(client, streaming, messages, options)).Usage!;

        usage.CachedInputTokenCount.Should().Be(0);
        SimTestData.CacheWrites(usage).Should().BeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_one_hour_breakpoint_lives_an_hour_and_reports_its_writes_apart(bool streaming)
    {
        using var client = Client();
        var system = SimTestData.CachedSystem(SimTestData.TextOf(1_500), Ttl.Ttl1h);
        List<ChatMessage> messages = [system, SimTestData.User("Hi")];
        var options = SimTestData.Model("claude-sonnet-4-5");

        var written = (await Modes.GetAsync(client, streaming, messages, options)).Usage!;
        _clock.Advance(TimeSpan.FromMinutes(30));
        var read = (await Modes.GetAsync(client, streaming, messages, options)).Usage!;

        int prefix = SimTestData.Counter.CountMessageTokens(system);
        SimTestData.CacheWrites(written).Should().Be(prefix);
        written.AdditionalCounts![UsageReader.CacheCreation1HourKey].Should().Be(prefix);
        read.CachedInputTokenCount.Should().Be(prefix);
        read.AdditionalCounts!.Should().NotContainKey(UsageReader.CacheCreation1HourKey);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_growing_conversation_reads_the_previous_turn_and_writes_only_the_new_part(bool streaming)
    {
        using var client = Client();
        var system = new ChatMessage(ChatRole.System, SimTestData.TextOf(1_200));
        var turn1 = SimTestData.CachedUser("What is the refund policy?");
        var options = SimTestData.Model("claude-sonnet-4-5");
        await Modes.GetAsync(client, streaming, [system, turn1], options);

        var answer = new ChatMessage(ChatRole.Assistant, "Refunds take five days.");
        var plainTurn1 = SimTestData.User("What is the refund policy?");
        var turn2 = SimTestData.CachedUser("And for gifts?");
        var usage = (await Modes.GetAsync(client, streaming, [system, plainTurn1, answer, turn2], options)).Usage!;

        int firstPrefix = SimTestData.Counter.CountMessageTokens(system) + SimTestData.Counter.CountMessageTokens(turn1);
        int secondPrefix = firstPrefix + SimTestData.Counter.CountMessageTokens(answer) + SimTestData.Counter.CountMessageTokens(turn2);
        usage.CachedInputTokenCount.Should().Be(firstPrefix);
        SimTestData.CacheWrites(usage).Should().Be(secondPrefix - firstPrefix);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_tool_breakpoint_caches_the_tool_definitions(bool streaming)
    {
        using var client = Client(SimTestData.CatalogWith(SimTestData.TestAnthropicModel(minimumCacheable: 20)));
        var tool = AIFunctionFactory.Create(
            (int orderId) => "ok",
            new AIFunctionFactoryOptions
            {
                Name = "track_order",
                Description = "Tracks an order by its id and returns where it is.",
                AdditionalProperties = new Dictionary<string, object?> { ["CacheControl"] = new CacheControlEphemeral() },
            });
        var options = new ChatOptions { ModelId = "claude-test", Tools = [tool] };

        await Modes.GetAsync(client, streaming, [SimTestData.User("Hi")], options);
        var usage = (await Modes.GetAsync(client, streaming, [SimTestData.User("Hello")], options)).Usage!;

        usage.CachedInputTokenCount.Should().Be(SimTestData.Counter.CountTokens(ToolText.Render([tool])));
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Usage_reads_back_through_the_core_reader_as_the_api_reports_it(bool streaming)
    {
        using var client = Client();
        var system = SimTestData.CachedSystem(SimTestData.TextOf(1_500));
        List<ChatMessage> messages = [system, SimTestData.User("Hi")];

        var response = await Modes.GetAsync(client, streaming, messages, SimTestData.Model("claude-sonnet-4-5"));
        var usage = UsageReader.FromUsageDetails(response.Usage);

        usage.CacheWriteTokens.Should().Be(SimTestData.Counter.CountMessageTokens(system));
        usage.UncachedInputTokens.Should().Be(SimTestData.Counter.CountPromptTokens(messages) - SimTestData.Counter.CountMessageTokens(system));
        usage.OutputTokens.Should().Be(SimTestData.Counter.CountTokens(response.Text));
        usage.ReasoningTokens.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_token_meter_prices_a_simulated_call_with_cache_writes_exactly(bool streaming)
    {
        var ledger = new InMemoryCostLedger();
        using var simulator = Client();
        using var meter = new TokenMeterChatClient(simulator, PriceCatalog.BuiltIn, ledger);
        var system5m = new ChatMessage(ChatRole.System, [
            new TextContent(SimTestData.TextOf(1_100)).WithCacheControl(Ttl.Ttl1h),
            new TextContent(SimTestData.TextOf(300, 3)).WithCacheControl(Ttl.Ttl5m)]);
        List<ChatMessage> messages = [system5m, SimTestData.User("Where is my order?")];

        var response = await Modes.GetAsync(meter, streaming, messages, SimTestData.Model("claude-sonnet-4-5"));

        var usage = response.Usage!;
        long writes = SimTestData.CacheWrites(usage);
        long writes1h = usage.AdditionalCounts![UsageReader.CacheCreation1HourKey];
        long uncached = usage.InputTokenCount!.Value - writes;
        long output = usage.OutputTokenCount!.Value;
        var price = PriceCatalog.BuiltIn.TryResolve("claude-sonnet-4-5", out var resolution) ? resolution.Price : null;
        decimal expected = ((uncached * price!.InputPerMillion) + ((writes - writes1h) * price.CacheWritePerMillion!.Value) +
                            (writes1h * price.CacheWrite1HourPerMillion!.Value) + (output * price.OutputPerMillion)) / 1_000_000m;

        writes1h.Should().Be(SimTestData.Counter.CountTokens(SimTestData.TextOf(1_100)) + 3 + SimTestData.Counter.CountTokens("system"));
        (writes - writes1h).Should().Be(300);
        var entry = ledger.GetEntries().Should().ContainSingle().Subject;
        entry.CostUsd.Should().Be(expected);
        entry.Cost!.CacheWrite.Should().Be(((writes - writes1h) * 3.75m + (writes1h * 6m)) / 1_000_000m);
        entry.Usage.CacheWriteTokens.Should().Be(300);
        entry.Usage.CacheWrite1HourTokens.Should().Be(writes1h);
    }

    [Fact]
    public void Metadata_names_the_anthropic_provider()
    {
        using var client = Client();

        client.GetService<ChatClientMetadata>()!.ProviderName.Should().Be("anthropic");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Anthropic_answers_report_no_reasoning_and_name_the_model(bool streaming)
    {
        using var client = Client();

        var response = await Modes.GetAsync(client, streaming, [SimTestData.User("Hi")], SimTestData.Model("claude-opus-4-1"));

        response.ModelId.Should().Be("claude-opus-4-1");
        response.ResponseId.Should().StartWith("msg_sim");
        response.Usage!.ReasoningTokenCount.Should().BeNull();
        response.Usage.OutputTokenCount.Should().Be(SimTestData.Counter.CountTokens(response.Text));
    }
}
