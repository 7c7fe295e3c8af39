using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Simulation.Tests;

public class FailureInjectionTests
{
    private static readonly List<ChatMessage> s_prompt = [new(ChatRole.User, "Hi")];

    private static OpenAISimulatorChatClient Client(int seed, double rateLimit, double serverError, double timeout) => new(new SimulatorOptions
    {
        Seed = seed,
        TimeProvider = new FakeTimeProvider(),
        SimulateLatency = false,
        RateLimitFailureRate = rateLimit,
        ServerErrorFailureRate = serverError,
        TimeoutFailureRate = timeout,
    });

    private static async Task<List<string>> OutcomesAsync(IChatClient client, int calls, bool streaming = false)
    {
        var outcomes = new List<string>(calls);
        for (int i = 0; i < calls; i++)
        {
            try
            {
                await Modes.GetAsync(client, streaming, s_prompt, new ChatOptions { ModelId = "gpt-4o-mini", MaxOutputTokens = 5 });
                outcomes.Add("ok");
            }
            catch (SimulatedProviderException ex)
            {
                outcomes.Add(ex.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (TimeoutException)
            {
                outcomes.Add("timeout");
            }
        }

        return outcomes;
    }

    [Theory]
    [InlineData(1, 0.10, 0.05, 0.02)]
    [InlineData(42, 0.07, 0.013, 0.2)]
    [InlineData(3, 0.5, 0.25, 0.25)]
    public async Task Configured_rates_are_honored_exactly_over_1000_calls(int seed, double rateLimit, double serverError, double timeout)
    {
        using var client = Client(seed, rateLimit, serverError, timeout);

        var outcomes = await OutcomesAsync(client, 1_000);

        outcomes.Count(o => o == "429").Should().Be((int)Math.Round(rateLimit * 1_000));
        outcomes.Count(o => o == "500").Should().Be((int)Math.Round(serverError * 1_000));
        outcomes.Count(o => o == "timeout").Should().Be((int)Math.Round(timeout * 1_000));
    }

    [Fact]
    public async Task Rates_hold_within_one_call_over_any_prefix_of_the_run()
    {
        var plan = new FailurePlan(9, 0.123, 0, 0);

        int failures = 0;
        for (int n = 1; n <= 1_000; n++)
        {
            failures += plan.ForCall(n - 1) == InjectedFailure.RateLimit ? 1 : 0;
            if (n % 100 == 0)
            {
                failures.Should().Be((int)Math.Floor(0.123 * n + 1e-9));
            }
        }

        (failures / 1_000.0).Should().BeApproximately(0.123, 0.001);
        await Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_zero_rate_never_fails(bool streaming)
    {
        using var client = Client(5, 0, 0, 0);

        var outcomes = await OutcomesAsync(client, 1_000, streaming);

        outcomes.Should().OnlyContain(o => o == "ok");
    }

    [Fact]
    public async Task The_same_seed_fails_the_same_calls_and_another_seed_other_calls()
    {
        using var a = Client(11, 0.1, 0.1, 0.1);
        using var b = Client(11, 0.1, 0.1, 0.1);
        using var c = Client(12, 0.1, 0.1, 0.1);

        var first = await OutcomesAsync(a, 300);
        var second = await OutcomesAsync(b, 300);
        var third = await OutcomesAsync(c, 300);

        second.Should().Equal(first);
        third.Should().NotEqual(first);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Every_call_fails_with_its_kind_when_the_rate_is_one(bool streaming)
    {
        using var rateLimited = Client(1, 1, 0, 0);
        using var serverError = Client(1, 0, 1, 0);
        using var timedOut = Client(1, 0, 0, 1);

        (await OutcomesAsync(rateLimited, 5, streaming)).Should().OnlyContain(o => o == "429");
        (await OutcomesAsync(serverError, 5, streaming)).Should().OnlyContain(o => o == "500");
        (await OutcomesAsync(timedOut, 5, streaming)).Should().OnlyContain(o => o == "timeout");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_failed_call_leaves_the_cache_untouched(bool streaming)
    {
        var clock = new FakeTimeProvider();
        List<ChatMessage> prompt = [new(ChatRole.System, SimTestData.TextOf(1_500)), new(ChatRole.User, "Hi")];
        using var failing = new OpenAISimulatorChatClient(new SimulatorOptions { TimeProvider = clock, SimulateLatency = false, ServerErrorFailureRate = 1 });

        var act = () => Modes.GetAsync(failing, streaming, prompt, new ChatOptions { ModelId = "gpt-4o" });

        await act.Should().ThrowAsync<SimulatedProviderException>();
        ((OpenAIProviderModel)failing.Engine.Provider).Cache.Count.Should().Be(0);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_rate_outside_0_to_1_is_rejected_naming_the_option(double rate)
    {
        var options = new SimulatorOptions();

        FluentActions.Invoking(() => options.RateLimitFailureRate = rate).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be(nameof(SimulatorOptions.RateLimitFailureRate));
        FluentActions.Invoking(() => options.ServerErrorFailureRate = rate).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be(nameof(SimulatorOptions.ServerErrorFailureRate));
        FluentActions.Invoking(() => options.TimeoutFailureRate = rate).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be(nameof(SimulatorOptions.TimeoutFailureRate));
    }

    [Fact]
    public void Rates_adding_up_to_more_than_one_are_rejected()
    {
        var options = new SimulatorOptions { RateLimitFailureRate = 0.6, ServerErrorFailureRate = 0.3, TimeoutFailureRate = 0.2 };

        FluentActions.Invoking(() => new AnthropicSimulatorChatClient(options)).Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain("RateLimitFailureRate").And.Contain("at most 1");
    }

    [Fact]
    public void Option_defaults_are_as_documented()
    {
        var options = new SimulatorOptions();

        options.Seed.Should().Be(1);
        options.SimulateLatency.Should().BeTrue();
        options.OpenAICacheIdleTimeout.Should().Be(TimeSpan.FromMinutes(5));
        options.TimeoutFailureDelay.Should().Be(TimeSpan.FromSeconds(30));
        options.RateLimitFailureRate.Should().Be(0);
        options.TimeProvider.Should().BeNull();
        FluentActions.Invoking(() => options.OpenAICacheIdleTimeout = TimeSpan.Zero).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be(nameof(SimulatorOptions.OpenAICacheIdleTimeout));
    }
}
