using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Simulation.Tests;

public class LatencyTests
{
    private static readonly List<ChatMessage> s_prompt = [new(ChatRole.User, "Summarize our refund policy.")];

    private static async Task<(TimeSpan FirstToken, TimeSpan Total, ChatResponse Response)> MeasureAsync(string model, bool streaming = false)
    {
        using var probe = new OpenAISimulatorChatClient(new SimulatorOptions { SimulateLatency = false, TimeProvider = new FakeTimeProvider() });
        var options = new ChatOptions { ModelId = model };
        if (!streaming)
        {
            var response = await probe.GetResponseAsync(s_prompt, options);
            return (Timing(response.AdditionalProperties, SimulatorResponseProperties.TimeToFirstToken),
                    Timing(response.AdditionalProperties, SimulatorResponseProperties.Latency),
                    response);
        }

        // Streaming puts the timings on the final update, which carries the usage.
        var updates = await probe.GetStreamingResponseAsync(s_prompt, options).ToListAsync();
        return (Timing(updates[^1].AdditionalProperties, SimulatorResponseProperties.TimeToFirstToken),
                Timing(updates[^1].AdditionalProperties, SimulatorResponseProperties.Latency),
                updates.ToChatResponse());
    }

    private static TimeSpan Timing(AdditionalPropertiesDictionary? properties, string key) =>
        properties.Should().ContainKey(key).WhoseValue.Should().BeOfType<TimeSpan>().Subject;

    private static async Task<bool> CompletesSoonAsync(Task task)
    {
        await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(200)));
        return task.IsCompleted;
    }

    [Theory]
    [InlineData("gpt-4o-mini", 300, 450, 110, 150)]
    [InlineData("gpt-4o", 400, 600, 70, 110)]
    [InlineData("claude-opus-4-1", 600, 800, 50, 70)]
    public async Task Latency_is_a_first_token_time_by_model_size_plus_tokens_at_a_steady_rate(
        string model, int minimumMs, int maximumMs, int minimumRate, int maximumRate)
    {
        var (firstToken, total, response) = await MeasureAsync(model);
        long output = response.Usage!.OutputTokenCount!.Value;

        firstToken.TotalMilliseconds.Should().BeInRange(minimumMs, maximumMs);
        double rate = output / (total - firstToken).TotalSeconds;
        rate.Should().BeInRange(minimumRate - 0.01, maximumRate + 0.01);
    }

    [Fact]
    public async Task A_call_completes_exactly_when_its_latency_has_passed()
    {
        var (_, total, expected) = await MeasureAsync("gpt-4o");
        var clock = new FakeTimeProvider();
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions { TimeProvider = clock });

        var call = client.GetResponseAsync(s_prompt, new ChatOptions { ModelId = "gpt-4o" });

        clock.Advance(total - TimeSpan.FromTicks(1));
        (await CompletesSoonAsync(call)).Should().BeFalse();
        clock.Advance(TimeSpan.FromTicks(1));
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        (await call).Text.Should().Be(expected.Text);
    }

    [Fact]
    public async Task Streaming_text_starts_only_after_the_first_token_time()
    {
        var (firstToken, _, _) = await MeasureAsync("gpt-4o", streaming: true);
        var clock = new FakeTimeProvider();
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions { TimeProvider = clock });
        await using var updates = client.GetStreamingResponseAsync(s_prompt, new ChatOptions { ModelId = "gpt-4o" }).GetAsyncEnumerator();

        var first = updates.MoveNextAsync().AsTask();
        clock.Advance(firstToken - TimeSpan.FromTicks(1));
        (await CompletesSoonAsync(first)).Should().BeFalse();
        clock.Advance(TimeSpan.FromTicks(1));
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        updates.Current.Text.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("o3")]
    public async Task A_stream_in_virtual_time_shows_text_after_any_reasoning_and_ends_at_the_latency(string model)
    {
        var (firstToken, total, expected) = await MeasureAsync(model, streaming: true);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new SimulationClock(start);
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions { TimeProvider = clock });
        await using var updates = client.GetStreamingResponseAsync(s_prompt, new ChatOptions { ModelId = model }).GetAsyncEnumerator();

        var arrivals = new List<(TimeSpan At, ChatResponseUpdate Update)>();
        while (true)
        {
            var next = updates.MoveNextAsync();
            while (!next.IsCompleted)
            {
                // A fired delay may resume the stream on another thread; give it a moment before advancing again.
                if (!clock.AdvanceToNextTimer())
                {
                    await Task.Delay(1);
                }
            }

            if (!await next)
            {
                break;
            }

            arrivals.Add((clock.GetUtcNow() - start, updates.Current));
        }

        int reasoning = (int)(expected.Usage!.ReasoningTokenCount ?? 0);
        int rate = LatencyModel.For(model, 0).TokensPerSecond;
        arrivals[0].At.Should().Be(firstToken + LatencyModel.Generation(reasoning, rate));
        arrivals[^1].At.Should().Be(total);
        arrivals.Select(a => a.At).Should().BeInAscendingOrder();
        string.Concat(arrivals.Select(a => a.Update.Text)).Should().Be(expected.Text);
        if (reasoning > 0)
        {
            arrivals[0].At.Should().BeGreaterThan(firstToken);
        }
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task With_latency_off_a_call_returns_at_once_and_still_reports_its_latency(bool streaming)
    {
        var (firstToken, total, _) = await MeasureAsync("gpt-4o", streaming);

        firstToken.TotalMilliseconds.Should().BeInRange(400, 600);
        total.Should().BeGreaterThan(firstToken);
        (total.Ticks % TimeSpan.TicksPerMillisecond).Should().Be(0, "simulated durations are whole milliseconds");
    }

    [Fact]
    public async Task Streamed_timings_reach_the_last_message_of_a_combined_response()
    {
        var (_, total, _) = await MeasureAsync("gpt-4o");
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions { SimulateLatency = false });

        var response = await client.GetStreamingResponseAsync(s_prompt, new ChatOptions { ModelId = "gpt-4o" }).ToChatResponseAsync();

        Timing(response.Messages[^1].AdditionalProperties, SimulatorResponseProperties.Latency).Should().Be(total);
    }

    [Fact]
    public async Task Streaming_and_not_take_the_same_time_for_the_same_request()
    {
        var plain = await MeasureAsync("gpt-4o-mini");
        var streamed = await MeasureAsync("gpt-4o-mini", streaming: true);

        streamed.FirstToken.Should().Be(plain.FirstToken);
        streamed.Total.Should().Be(plain.Total);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task An_injected_timeout_waits_the_configured_delay_before_throwing(bool streaming)
    {
        var clock = new FakeTimeProvider();
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions
        {
            TimeProvider = clock,
            TimeoutFailureRate = 1,
            TimeoutFailureDelay = TimeSpan.FromSeconds(20),
        });

        var call = Modes.GetAsync(client, streaming, s_prompt, new ChatOptions { ModelId = "gpt-4o" });

        clock.Advance(TimeSpan.FromSeconds(19));
        (await CompletesSoonAsync(call)).Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));
        await FluentActions.Awaiting(() => call).Should().ThrowAsync<TimeoutException>();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Cancelling_a_waiting_call_stops_it(bool streaming)
    {
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions { TimeProvider = new FakeTimeProvider() });
        using var cancellation = new CancellationTokenSource();

        var call = Modes.GetAsync(client, streaming, s_prompt, new ChatOptions { ModelId = "gpt-4o" }, cancellation.Token);
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
    }
}
