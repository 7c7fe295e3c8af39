using Microsoft.Extensions.AI;

namespace CostAware.Simulation.Tests;

public class SimulationClockTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_moves_only_when_advanced()
    {
        var clock = new SimulationClock(s_start);

        clock.GetUtcNow().Should().Be(s_start);
        clock.Advance(TimeSpan.FromMinutes(3));

        clock.GetUtcNow().Should().Be(s_start.AddMinutes(3));
        clock.GetElapsedTime(0).Should().Be(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void Timers_fire_in_due_order_when_an_advance_passes_them_reading_their_due_time()
    {
        var clock = new SimulationClock(s_start);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        fired.Should().BeEmpty();
        clock.Advance(TimeSpan.FromSeconds(5));

        fired.Should().Equal(("early", s_start.AddSeconds(1)), ("late", s_start.AddSeconds(3)));
        clock.GetUtcNow().Should().Be(s_start.AddSeconds(5).AddMilliseconds(999));
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_passed()
    {
        var clock = new SimulationClock(s_start);
        int count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(5.5));

        count.Should().Be(5);
    }

    [Fact]
    public void A_disposed_or_changed_timer_does_not_fire_at_its_old_time()
    {
        var clock = new SimulationClock(s_start);
        int disposedCount = 0, changedCount = 0;
        var disposed = clock.CreateTimer(_ => disposedCount++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var changed = clock.CreateTimer(_ => changedCount++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        disposed.Dispose();
        changed.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan).Should().BeTrue();
        clock.Advance(TimeSpan.FromSeconds(5));

        disposedCount.Should().Be(0);
        changedCount.Should().Be(0);
        clock.PendingTimerCount.Should().Be(1);
        disposed.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan).Should().BeFalse();
    }

    [Fact]
    public async Task Task_Delay_completes_when_virtual_time_reaches_it()
    {
        var clock = new SimulationClock(s_start);

        var delay = Task.Delay(TimeSpan.FromSeconds(2), clock);
        clock.Advance(TimeSpan.FromSeconds(1));
        delay.IsCompleted.Should().BeFalse();
        clock.AdvanceToNextTimer().Should().BeTrue();

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        clock.GetUtcNow().Should().Be(s_start.AddSeconds(2));
        clock.AdvanceToNextTimer().Should().BeFalse();
    }

    [Fact]
    public void A_negative_advance_is_rejected()
    {
        var clock = new SimulationClock(s_start);

        FluentActions.Invoking(() => clock.Advance(TimeSpan.FromTicks(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task A_replay_with_simulated_latency_runs_in_virtual_time_and_sees_cache_expiry()
    {
        var clock = new SimulationClock(s_start);
        using var client = new OpenAISimulatorChatClient(new SimulatorOptions { TimeProvider = clock });
        List<ChatMessage> prompt = [new(ChatRole.System, SimTestData.TextOf(1_500)), new(ChatRole.User, "Hi")];
        var options = new ChatOptions { ModelId = "gpt-4o" };

        async Task<ChatResponse> RunAsync()
        {
            var call = client.GetResponseAsync(prompt, options);
            while (!call.IsCompleted)
            {
                if (!clock.AdvanceToNextTimer())
                {
                    await Task.Delay(1);
                }
            }

            return await call.WaitAsync(TimeSpan.FromSeconds(5));
        }

        var first = await RunAsync();
        var second = await RunAsync();
        clock.Advance(TimeSpan.FromMinutes(5));
        var third = await RunAsync();

        clock.GetUtcNow().Should().BeAfter(s_start.AddMinutes(5));
        first.Usage!.CachedInputTokenCount.Should().Be(0);
        second.Usage!.CachedInputTokenCount.Should().Be(1_408);
        third.Usage!.CachedInputTokenCount.Should().Be(0);
        (clock.GetUtcNow() - s_start).Should().Be(TimeSpan.FromMinutes(5) +
            (TimeSpan)first.AdditionalProperties![SimulatorResponseProperties.Latency]! +
            (TimeSpan)second.AdditionalProperties![SimulatorResponseProperties.Latency]! +
            (TimeSpan)third.AdditionalProperties![SimulatorResponseProperties.Latency]!);
    }
}
