namespace CostAware.Tests.Caching;

public class VolatileContentDetectorTests
{
    private readonly VolatileContentDetector _detector = new();

    [Theory]
    [InlineData("Request time: 2026-03-02T09:00:00Z.", VolatileKind.Timestamp, "2026-03-02T09:00:00Z")]
    [InlineData("at 2026-03-02 09:00:37.123+01:00 sharp", VolatileKind.Timestamp, "2026-03-02 09:00:37.123+01:00")]
    [InlineData("Date: Mon, 02 Mar 2026 09:00:00 GMT", VolatileKind.Timestamp, "Mon, 02 Mar 2026 09:00:00 GMT")]
    [InlineData("Today is 2026-12-04.", VolatileKind.Date, "2026-12-04")]
    [InlineData("Today is 12/04/2026.", VolatileKind.Date, "12/04/2026")]
    [InlineData("Today is December 4, 2026.", VolatileKind.Date, "December 4, 2026")]
    [InlineData("Sent at 09:00:37 local time", VolatileKind.Time, "09:00:37")]
    [InlineData("id 3f2504e0-4f89-41d3-9a0c-0305e82c3301 here", VolatileKind.UniqueId, "3f2504e0-4f89-41d3-9a0c-0305e82c3301")]
    [InlineData("trace_id=ab12cd34ef56", VolatileKind.RequestId, "ab12cd34ef56")]
    [InlineData("Request-ID: req_8sd7f6", VolatileKind.RequestId, "req_8sd7f6")]
    [InlineData("User: u-098702.", VolatileKind.UserId, "u-098702")]
    [InlineData("customer id = 55512", VolatileKind.UserId, "55512")]
    [InlineData("Reply to ada.lovelace@example.org please", VolatileKind.Email, "ada.lovelace@example.org")]
    [InlineData("nonce 9f86d081884c7d659a2feaa0c55ad015", VolatileKind.Nonce, "9f86d081884c7d659a2feaa0c55ad015")]
    [InlineData("token kX9vQ2mZ7pL4wR8tY1uB3nC6", VolatileKind.Nonce, "kX9vQ2mZ7pL4wR8tY1uB3nC6")]
    [InlineData("This is request #1532 today", VolatileKind.Counter, "#1532")]
    [InlineData("turn 17 of the session", VolatileKind.Counter, "17")]
    public void Each_pattern_finds_its_kind(string text, VolatileKind kind, string value)
    {
        var span = _detector.Detect(text).Should().ContainSingle().Subject;

        span.Kind.Should().Be(kind);
        span.Value.Should().Be(value);
        text.Substring(span.Start, span.Length).Should().Be(value);
    }

    [Theory]
    [InlineData("The school band earned $10/family * 3 families = $<<10*3=30>>30 from three families.")]
    [InlineData("You are a math tutor. Solve grade-school math word problems step by step and finish with '#### <number>'.")]
    [InlineData("Use the search tool, then answer in 3 sentences. Version 2.1 of the policy applies.")]
    [InlineData("In 1969, 12 people walked on the moon; it took 8 days.")]
    public void Stable_instructions_and_worked_examples_have_no_volatile_content(string text) =>
        _detector.Detect(text).Should().BeEmpty();

    [Fact]
    public void Overlapping_matches_give_one_span_the_longest()
    {
        var spans = _detector.Detect("Request time: 2026-03-02T09:00:00Z. User: u-098702.");

        spans.Select(s => (s.Kind, s.Value)).Should().Equal((VolatileKind.Timestamp, "2026-03-02T09:00:00Z"), (VolatileKind.UserId, "u-098702"));
    }

    [Fact]
    public void A_line_that_changes_between_consecutive_requests_of_a_route_is_learned()
    {
        const string first = "You are a helper.\nShard: blue-fox\nAnswer briefly.";
        const string second = "You are a helper.\nShard: red-owl\nAnswer briefly.";

        _detector.Detect(second, "r").Should().BeEmpty();
        _detector.Observe("r", first).Should().BeEmpty();
        _detector.Observe("r", second).Should().Equal("Shard: ");

        var span = _detector.Detect("You are a helper.\nShard: green-elk\nAnswer briefly.", "r").Should().ContainSingle().Subject;
        span.Kind.Should().Be(VolatileKind.Learned);
        span.Value.Should().Be("green-elk");
        _detector.Detect("Shard: green-elk", "other-route").Should().BeEmpty();
    }
}
