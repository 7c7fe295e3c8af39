using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Routing;

public class RoutingFeedbackChatClientTests
{
    private static UsageDetails Usage => new() { InputTokenCount = 10, CachedInputTokenCount = 0, OutputTokenCount = 5 };

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_escalators_verdicts_on_the_cheap_tier_become_labelled_examples(bool streaming)
    {
        var cheap = new ScriptedChatClient(defaultModelId: "gpt-4o-mini").ThenReply("The answer is 51", Usage).ThenReply("I am not sure.", Usage);
        var strong = new ScriptedChatClient(defaultModelId: "gpt-4o").ThenReply("The answer is 391", Usage);
        var generator = new EmbeddingDifficultyClassifierTests.WordCountGenerator();
        var classifier = new EmbeddingDifficultyClassifier(generator, new EmbeddingDifficultyOptions { Neighbors = 1, PriorWeight = 0 });
        using var client = new ChatClientBuilder(strong)
            .UseRoutingFeedback(classifier)
            .UseEscalation(o =>
            {
                o.Tiers.Add(new EscalationTier("small", cheap));
                o.Validators.Add(AnswerValidators.FinalNumber());
                o.AutomaticBypass = false;
            })
            .Build();
        var feedback = client.GetService<RoutingFeedbackChatClient>()!;

        await Modes.GetAsync(client, streaming, [new ChatMessage(ChatRole.User, "hello math 17 times 3")]);
        await Modes.GetAsync(client, streaming, [new ChatMessage(ChatRole.System, "Be exact."), new ChatMessage(ChatRole.User, "prove code 17 times 23")]);
        await feedback.FlushAsync();

        feedback.ExamplesAdded.Should().Be(2);
        classifier.Count.Should().Be(2);
        classifier.BaseRate.Should().Be(0.5);
        (await classifier.ScoreAsync(DifficultyContext.ForPrompt("prove code"))).Should().Be(1);
        (await classifier.ScoreAsync(DifficultyContext.ForPrompt("hello math"))).Should().Be(0);
    }

    [Fact]
    public void Bypassed_and_failed_cheap_attempts_carry_no_label()
    {
        var tier = new EscalationTier("small", new ScriptedChatClient());
        List<ChatMessage> messages = [new(ChatRole.User, "q")];
        var rejected = new EscalationAttempt(tier, 1, new ChatResponse(), [], Accepted: false);
        var failed = new EscalationAttempt(tier, 1, null, [], Accepted: false, Error: new TimeoutException());

        RoutingExample.FromEscalation(messages, new EscalationOutcome("r", [rejected], Bypassed: false, Probe: false)).Should().Be(new RoutingExample("q", true));
        RoutingExample.FromEscalation(messages, new EscalationOutcome("r", [rejected], Bypassed: true, Probe: false)).Should().BeNull();
        RoutingExample.FromEscalation(messages, new EscalationOutcome("r", [failed], Bypassed: false, Probe: false)).Should().BeNull();
        RoutingExample.FromEscalation(messages, null).Should().BeNull();
    }
}
