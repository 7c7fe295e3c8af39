using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Routing;

public class ModelDifficultyClassifierTests
{
    [Theory]
    [InlineData("7", 7)]
    [InlineData("Rating: 10/10", 10)]
    [InlineData("I'd say 3.5", 3)]
    [InlineData("-2 or 4", 4)]
    [InlineData("11, no 1", 1)]
    [InlineData("hard", null)]
    [InlineData("", null)]
    [InlineData("11", null)]
    [InlineData(" 8\n", 8)]
    [InlineData("On a 1-10 scale: 8", 8)]
    [InlineData("Rating (1 to 10): 9", 9)]
    [InlineData("I'd say 3/10", 3)]
    [InlineData("7 / 10, fairly hard", 7)]
    public void Ratings_are_read_from_the_reply(string reply, int? rating)
    {
        ModelDifficultyClassifier.ParseRating(reply).Should().Be(rating);
    }

    [Fact]
    public async Task The_rating_call_is_metered_attributed_and_mapped_to_a_score()
    {
        var ledger = new InMemoryCostLedger();
        var rater = new ScriptedChatClient(providerName: "openai", defaultModelId: "gpt-4o-mini")
            .ThenReply("7", new UsageDetails { InputTokenCount = 100, CachedInputTokenCount = 0, OutputTokenCount = 1 }, modelId: "gpt-4o-mini")
            .ThenReply("no idea", new UsageDetails { InputTokenCount = 100, CachedInputTokenCount = 0, OutputTokenCount = 2 }, modelId: "gpt-4o-mini");
        var classifier = new ModelDifficultyClassifier(new TokenMeterChatClient(rater, PriceCatalog.BuiltIn, ledger), new ModelDifficultyOptions { ModelId = "gpt-4o-mini" });
        var context = new DifficultyContext([new ChatMessage(ChatRole.User, "Prove Fermat's little theorem.")], new ChatOptions().WithCostAttribution(new CostAttribution { Tenant = "acme" }));

        double rated = await classifier.ScoreAsync(context);
        double unparsed = await classifier.ScoreAsync(context);

        rated.Should().BeApproximately(6 / 9.0, 1e-12);
        unparsed.Should().Be(1);
        var call = rater.Calls[0];
        call.Messages.Select(m => m.Text).Should().Equal(ModelDifficultyOptions.DefaultInstructions, "Prove Fermat's little theorem.");
        call.Options!.MaxOutputTokens.Should().Be(16);
        call.Options.ModelId.Should().Be("gpt-4o-mini");
        var entry = ledger.GetEntries()[0];
        entry.Attribution.Tenant.Should().Be("acme");
        entry.Correlation!.Tier.Should().Be(ModelDifficultyClassifier.RatingTierName);
        entry.CostUsd.Should().Be(0.0000156m); // 100 × $0.15/M + 1 × $0.60/M
    }

    [Fact]
    public async Task A_delegate_classifier_is_checked_for_range()
    {
        var classifier = DifficultyClassifier.FromDelegate((c, _) => ValueTask.FromResult(double.NaN));

        var act = async () => await classifier.ScoreAsync(DifficultyContext.ForPrompt("x"));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage(
            "The difficulty classifier (the delegate given to DifficultyClassifier.FromDelegate) returned NaN; scores must be between 0 and 1.");
    }

    [Fact]
    public async Task A_reply_cut_off_by_the_output_limit_is_not_a_rating()
    {
        var rater = new ScriptedChatClient().Then((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "On a scale of 1")) { FinishReason = ChatFinishReason.Length });
        var classifier = new ModelDifficultyClassifier(rater, new ModelDifficultyOptions { ScoreWhenUnparsed = 0.75 });

        (await classifier.ScoreAsync(DifficultyContext.ForPrompt("x"))).Should().Be(0.75);
    }
}
