using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Tests.Caching;

public class CacheWindowSchedulerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly GatedClient _client = new();

    private static List<ChatMessage> Request(string system, string question) =>
        [new(ChatRole.System, system), new(ChatRole.User, question)];

    [Fact]
    public async Task The_first_request_of_a_prefix_warms_the_cache_and_the_rest_follow_it()
    {
        var scheduler = new CacheWindowScheduler(_client, new CacheWindowSchedulerOptions { TimeProvider = _time });

        var first = scheduler.SendAsync(Request("Request time: 2026-12-04T09:00:00Z\nYou are a tutor.", "q1"));
        var second = scheduler.SendAsync(Request("Request time: 2026-12-04T09:00:05Z\nYou are a tutor.", "q2"));
        var other = scheduler.SendAsync(Request("You are a poet.", "q3"));

        await WaitUntil(() => _client.Started.Count == 2);
        _client.Started.Should().Equal("q1", "q3");

        _client.Release("q1");
        await first;
        await WaitUntil(() => _client.Started.Count == 3);
        _client.Started[2].Should().Be("q2");
        _client.Release("q2");
        _client.Release("q3");
        await Task.WhenAll(second, other);
    }

    [Fact]
    public async Task A_waiting_request_goes_anyway_once_the_added_latency_bound_is_reached()
    {
        var scheduler = new CacheWindowScheduler(_client, new CacheWindowSchedulerOptions { TimeProvider = _time, MaximumAddedLatency = TimeSpan.FromSeconds(10) });

        _ = scheduler.SendAsync(Request("You are a tutor.", "q1"));
        var second = scheduler.SendAsync(Request("You are a tutor.", "q2"));
        await WaitUntil(() => _client.Started.Count == 1);

        _time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50);
        _client.Started.Should().Equal("q1");

        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => _client.Started.Count == 2);
        _client.Release("q2");
        (await second).Text.Should().Be("q2");
    }

    [Fact]
    public async Task After_the_cache_lifetime_the_next_request_warms_the_prefix_again()
    {
        var scheduler = new CacheWindowScheduler(_client, new CacheWindowSchedulerOptions { TimeProvider = _time });
        _client.ReleaseAll = true;

        await scheduler.SendAsync(Request("You are a tutor.", "q1"));
        _time.Advance(TimeSpan.FromMinutes(6));
        _client.ReleaseAll = false;
        var warm = scheduler.SendAsync(Request("You are a tutor.", "q2"));
        var follower = scheduler.SendAsync(Request("You are a tutor.", "q3"));

        await WaitUntil(() => _client.Started.Count == 2);
        _client.Started.Should().Equal("q1", "q2");
        _client.Release("q2");
        await warm;
        await WaitUntil(() => _client.Started.Count == 3);
        _client.Release("q3");
        await follower;
    }

    [Fact]
    public async Task A_failed_warm_up_releases_its_followers_and_the_next_request_warms_again()
    {
        var scheduler = new CacheWindowScheduler(_client, new CacheWindowSchedulerOptions { TimeProvider = _time });

        var warm = scheduler.SendAsync(Request("You are a tutor.", "q1"));
        var follower = scheduler.SendAsync(Request("You are a tutor.", "q2"));
        await WaitUntil(() => _client.Started.Count == 1);
        _client.Fail("q1");

        await ((Func<Task>)(() => warm)).Should().ThrowAsync<HttpRequestException>();
        await WaitUntil(() => _client.Started.Count == 2);
        _client.Release("q2");
        await follower;

        var next = scheduler.SendAsync(Request("You are a tutor.", "q3"));
        var nextFollower = scheduler.SendAsync(Request("You are a tutor.", "q4"));
        await WaitUntil(() => _client.Started.Count == 3);
        await Task.Delay(50);
        _client.Started.Should().Equal("q1", "q2", "q3");
        _client.Release("q3");
        _client.Release("q4");
        await Task.WhenAll(next, nextFollower);
    }

    [Fact]
    public void Invalid_options_are_named()
    {
        var act = () => new CacheWindowScheduler(_client, new CacheWindowSchedulerOptions { CacheLifetime = TimeSpan.Zero });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*CacheLifetime must be positive*");
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue();
    }

    /// <summary>A client whose calls finish only when the test releases them.</summary>
    private sealed class GatedClient : IChatClient
    {
        private readonly Dictionary<string, TaskCompletionSource> _gates = [];
        private readonly Lock _lock = new();

        public List<string> Started { get; } = [];

        public bool ReleaseAll { get; set; }

        public void Release(string question)
        {
            lock (_lock)
            {
                Gate(question).TrySetResult();
            }
        }

        public void Fail(string question)
        {
            lock (_lock)
            {
                Gate(question).TrySetException(new HttpRequestException("503"));
            }
        }

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            string question = messages.Last().Text;
            Task gate;
            lock (_lock)
            {
                Started.Add(question);
                gate = ReleaseAll ? Task.CompletedTask : Gate(question).Task;
            }

            await gate;
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, question));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private TaskCompletionSource Gate(string question)
        {
            if (!_gates.TryGetValue(question, out var gate))
            {
                _gates[question] = gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return gate;
        }
    }
}
