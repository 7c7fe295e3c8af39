using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Simulation.Tests;

public class OpenAISimulatorChatClientTests
{
    private readonly FakeTimeProvider _clock = new();

    private OpenAISimulatorChatClient Client(int seed = 1, PriceCatalog? catalog = null) =>
        new(SimTestData.Options(_clock, seed, catalog));

    private static List<ChatMessage> Prompt(string question, int systemTokens = 1_600) =>
    [
        new(ChatRole.System, SimTestData.TextOf(systemTokens)),
        new(ChatRole.User, question),
    ];

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Moving_lines_within_a_prompt_leaves_the_answer_unchanged_but_changing_a_line_does_not(bool streaming)
    {
        List<ChatMessage> asWritten = [new(ChatRole.System, "Request time: 2026-03-02T09:00:00Z.\nYou are a tutor."), new(ChatRole.User, "What is 2 + 2?")];
        List<ChatMessage> reordered = [new(ChatRole.System, "You are a tutor."), new(ChatRole.User, [new TextContent("Request time: 2026-03-02T09:00:00Z."), new TextContent("What is 2 + 2?")])];
        List<ChatMessage> changed = [new(ChatRole.System, "Request time: 2026-03-02T09:00:01Z.\nYou are a tutor."), new(ChatRole.User, "What is 2 + 2?")];

        var first = await Modes.GetAsync(Client(), streaming, asWritten, SimTestData.Model("gpt-4o"));
        var second = await Modes.GetAsync(Client(), streaming, reordered, SimTestData.Model("gpt-4o"));
        var third = await Modes.GetAsync(Client(), streaming, changed, SimTestData.Model("gpt-4o"));

        second.Text.Should().Be(first.Text);
        second.Usage!.OutputTokenCount.Should().Be(first.Usage!.OutputTokenCount);
        third.Text.Should().NotBe(first.Text);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Prompt_tokens_equal_the_core_count_and_nothing_is_cached_at_first(bool streaming)
    {
        using var client = Client();
        var messages = Prompt("Where is my order?");

        var response = await Modes.GetAsync(client, streaming, messages, SimTestData.Model("gpt-4o"));

        response.Usage!.InputTokenCount.Should().Be(SimTestData.Counter.CountPromptTokens(messages));
        response.Usage.CachedInputTokenCount.Should().Be(0);
        response.Usage.TotalTokenCount.Should().Be(response.Usage.InputTokenCount + response.Usage.OutputTokenCount);
        response.Usage.ReasoningTokenCount.Should().BeNull();
        response.Usage.AdditionalCounts.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_shared_prefix_is_read_from_the_cache_in_128_token_steps(bool streaming)
    {
        using var client = Client();
        var first = Prompt("Where is my order?");
        var second = Prompt("Can I return a gift?");
        var encoder = new PromptEncoder(SimTestData.Counter);
        int shared = SimTestData.CommonPrefix(encoder.Encode(first, null).Tokens, encoder.Encode(second, null).Tokens);

        await Modes.GetAsync(client, streaming, first, SimTestData.Model("gpt-4o"));
        var response = await Modes.GetAsync(client, streaming, second, SimTestData.Model("gpt-4o"));

        shared.Should().BeGreaterThan(1_600);
        response.Usage!.CachedInputTokenCount.Should().Be(1_024 + ((shared - 1_024) / 128 * 128));
        response.Usage.InputTokenCount.Should().Be(SimTestData.Counter.CountPromptTokens(second));
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_cache_expires_after_the_idle_timeout(bool streaming)
    {
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions
        {
            TimeProvider = _clock,
            SimulateLatency = false,
            OpenAICacheIdleTimeout = TimeSpan.FromMinutes(7),
        });
        var messages = Prompt("Where is my order?");
        await Modes.GetAsync(client, streaming, messages, SimTestData.Model("gpt-4o"));

        _clock.Advance(TimeSpan.FromMinutes(6));
        (await Modes.GetAsync(client, streaming, messages, SimTestData.Model("gpt-4o"))).Usage!.CachedInputTokenCount.Should().BeGreaterThan(0);
        _clock.Advance(TimeSpan.FromMinutes(7));
        (await Modes.GetAsync(client, streaming, messages, SimTestData.Model("gpt-4o"))).Usage!.CachedInputTokenCount.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Short_prompts_are_never_cached(bool streaming)
    {
        using var client = Client();
        var messages = Prompt("Hi", systemTokens: 1_000);

        await Modes.GetAsync(client, streaming, messages, SimTestData.Model("gpt-4o"));
        var response = await Modes.GetAsync(client, streaming, messages, SimTestData.Model("gpt-4o"));

        response.Usage!.InputTokenCount.Should().BeLessThan(1_024);
        response.Usage.CachedInputTokenCount.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Output_tokens_equal_the_count_of_the_answer_text(bool streaming)
    {
        using var client = Client();

        var response = await Modes.GetAsync(client, streaming, Prompt("Where is my order?"), SimTestData.Model("gpt-4o"));

        response.Usage!.OutputTokenCount.Should().Be(SimTestData.Counter.CountTokens(response.Text));
        response.Usage.OutputTokenCount.Should().BeInRange(150, 600);
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.Text.Should().MatchRegex("^[A-Z][a-z]+( [a-z]+|\\.| [A-Z][a-z]+)+$");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Reasoning_models_report_reasoning_as_part_of_the_output(bool streaming)
    {
        using var client = Client();

        foreach (string model in new[] { "o3", "o4-mini", "gpt-5", "gpt-5-mini", "o1" })
        {
            var response = await Modes.GetAsync(client, streaming, Prompt("Plan a refund."), SimTestData.Model(model));

            long reasoning = response.Usage!.ReasoningTokenCount!.Value;
            long visible = SimTestData.Counter.CountTokens(response.Text);
            response.Usage.OutputTokenCount.Should().Be(visible + reasoning, model);
            reasoning.Should().BeInRange(visible * 20 / 100, (visible * 60 / 100) + 1, model);
        }
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task MaxOutputTokens_caps_the_answer_and_the_finish_reason_says_length(bool streaming)
    {
        using var client = Client();

        var response = await Modes.GetAsync(client, streaming, Prompt("Explain."), SimTestData.Model("gpt-4o", maxOutputTokens: 40));

        response.Usage!.OutputTokenCount.Should().Be(40);
        SimTestData.Counter.CountTokens(response.Text).Should().Be(40);
        response.FinishReason.Should().Be(ChatFinishReason.Length);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_capped_reasoning_answer_splits_the_limit_between_reasoning_and_text(bool streaming)
    {
        using var client = Client();

        var response = await Modes.GetAsync(client, streaming, Prompt("Explain."), SimTestData.Model("o3", maxOutputTokens: 100));

        response.Usage!.OutputTokenCount.Should().Be(100);
        (SimTestData.Counter.CountTokens(response.Text) + response.Usage.ReasoningTokenCount).Should().Be(100);
        response.FinishReason.Should().Be(ChatFinishReason.Length);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_catalog_maximum_output_caps_the_default_answer(bool streaming)
    {
        var catalog = SimTestData.CatalogWith(new ModelPrice
        {
            ModelId = "gpt-test",
            Provider = "openai",
            InputPerMillion = 1m,
            OutputPerMillion = 2m,
            MaxOutputTokens = 60,
        });
        using var client = Client(catalog: catalog);

        var response = await Modes.GetAsync(client, streaming, Prompt("Explain."), SimTestData.Model("gpt-test"));

        response.Usage!.OutputTokenCount.Should().Be(60);
        response.FinishReason.Should().Be(ChatFinishReason.Length);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_response_names_the_requested_model_and_has_an_id(bool streaming)
    {
        using var client = Client();

        var response = await Modes.GetAsync(client, streaming, Prompt("Hi"), SimTestData.Model("gpt-4.1-mini"));

        response.ModelId.Should().Be("gpt-4.1-mini");
        response.ResponseId.Should().StartWith("chatcmpl-sim");
        response.CreatedAt.Should().Be(_clock.GetUtcNow());
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_default_model_is_used_when_the_request_names_none(bool streaming)
    {
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions { SimulateLatency = false, DefaultModelId = "gpt-4o-mini" });

        var response = await Modes.GetAsync(client, streaming, Prompt("Hi"));

        response.ModelId.Should().Be("gpt-4o-mini");
        client.GetService<ChatClientMetadata>()!.DefaultModelId.Should().Be("gpt-4o-mini");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_request_without_any_model_is_rejected_naming_ChatOptions_ModelId(bool streaming)
    {
        using var client = Client();

        var act = () => Modes.GetAsync(client, streaming, Prompt("Hi"));

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("ChatOptions.ModelId");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_same_seed_gives_the_same_answers_and_another_seed_does_not(bool streaming)
    {
        using var a = Client(seed: 7);
        using var b = new OpenAISimulatorChatClient(SimTestData.Options(new FakeTimeProvider(), seed: 7));
        using var c = new OpenAISimulatorChatClient(SimTestData.Options(new FakeTimeProvider(), seed: 8));

        for (int i = 0; i < 3; i++)
        {
            var messages = Prompt($"Question {i}?");
            var ra = await Modes.GetAsync(a, streaming, messages, SimTestData.Model("gpt-4o"));
            var rb = await Modes.GetAsync(b, streaming, messages, SimTestData.Model("gpt-4o"));
            var rc = await Modes.GetAsync(c, streaming, messages, SimTestData.Model("gpt-4o"));

            rb.Text.Should().Be(ra.Text);
            rb.ResponseId.Should().Be(ra.ResponseId);
            rb.Usage.Should().BeEquivalentTo(ra.Usage);
            rc.Text.Should().NotBe(ra.Text);
        }
    }

    [Fact]
    public async Task Streaming_sends_text_first_then_one_update_with_usage_and_finish_reason()
    {
        using var client = Client();

        var updates = await client.GetStreamingResponseAsync(Prompt("Hi"), SimTestData.Model("gpt-4o")).ToListAsync();

        updates.Count.Should().BeGreaterThan(2);
        updates.Should().OnlyContain(u => u.ModelId == "gpt-4o" && u.ResponseId == updates[0].ResponseId && u.ResponseId != null);
        updates[..^1].Should().OnlyContain(u => u.Contents.Count == 1 && u.Contents[0] is TextContent && u.FinishReason == null);
        updates[^1].Contents.Should().ContainSingle().Which.Should().BeOfType<UsageContent>();
        updates[^1].FinishReason.Should().Be(ChatFinishReason.Stop);
    }

    [Fact]
    public async Task Streaming_and_not_give_the_same_answer_for_the_same_request()
    {
        using var a = Client();
        using var b = new OpenAISimulatorChatClient(SimTestData.Options(new FakeTimeProvider()));

        var plain = await a.GetResponseAsync(Prompt("Hi"), SimTestData.Model("gpt-4o"));
        var streamed = await b.GetStreamingResponseAsync(Prompt("Hi"), SimTestData.Model("gpt-4o")).ToChatResponseAsync();

        streamed.Text.Should().Be(plain.Text);
        streamed.Usage.Should().BeEquivalentTo(plain.Usage);
    }

    [Fact]
    public void Metadata_names_the_openai_provider()
    {
        using var client = Client();

        client.GetService<ChatClientMetadata>()!.ProviderName.Should().Be("openai");
        client.GetService<OpenAISimulatorChatClient>().Should().BeSameAs(client);
    }

    [Fact]
    public async Task A_non_positive_MaxOutputTokens_is_rejected()
    {
        using var client = Client();

        var act = () => client.GetResponseAsync(Prompt("Hi"), SimTestData.Model("gpt-4o", maxOutputTokens: 0));

        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("ChatOptions.MaxOutputTokens");
    }
}

public class SimulatorConcurrencyTests
{
    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Concurrent_calls_share_the_cache_safely_and_count_the_same_as_sequential_ones(bool streaming)
    {
        using var client = new OpenAISimulatorChatClient(SimTestData.Options());
        string system = SimTestData.TextOf(1_400);
        await client.GetResponseAsync([new(ChatRole.System, system), new(ChatRole.User, "warm")], SimTestData.Model("gpt-4o"));

        var calls = Enumerable.Range(0, 64).Select(i => Task.Run(() => Modes.GetAsync(
            client,
            streaming,
            [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, $"Question {i}")],
            SimTestData.Model("gpt-4o"))));
        var responses = await Task.WhenAll(calls);

        responses.Should().OnlyContain(r => r.Usage!.CachedInputTokenCount == 1_408);
        responses.Select(r => r.ResponseId).Should().OnlyHaveUniqueItems();
    }
}
