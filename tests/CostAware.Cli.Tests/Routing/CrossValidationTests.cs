using CostAware.Cli.Routing;

namespace CostAware.Cli.Tests.Routing;

public class CrossValidationTests
{
    [Fact]
    public void No_prompt_is_scored_by_a_classifier_trained_on_it()
    {
        // Each prompt's embedding carries its index, so the fake can tell which prompts it saw.
        int n = 23;
        var embeddings = Enumerable.Range(0, n).Select(static i => new ReadOnlyMemory<float>([i])).ToList();
        bool[] labels = [.. Enumerable.Range(0, n).Select(static i => i % 3 == 0)];
        var created = new List<RecordingClassifier>();

        string[] prompts = [.. Enumerable.Range(0, n).Select(static i => $"prompt {i}")];

        double[] scores = CrossValidation.Score(embeddings, labels, prompts, folds: 5, seed: 11, () =>
        {
            var classifier = new RecordingClassifier();
            created.Add(classifier);
            return classifier;
        });

        created.Should().HaveCount(5);
        foreach (var classifier in created)
        {
            classifier.Trained.Should().NotIntersectWith(classifier.Scored);
            classifier.Trained.Concat(classifier.Scored).Should().BeEquivalentTo(Enumerable.Range(0, n), "every fold trains on all the prompts it does not score");
            classifier.Labels.Should().OnlyContain(pair => pair.Value == (pair.Key % 3 == 0));
            classifier.Prompts.Should().OnlyContain(pair => pair.Value == $"prompt {pair.Key}");
            classifier.FittedAfter.Should().Be(classifier.Trained.Count, "the classifier is fitted once, after all its training prompts");
        }

        created.SelectMany(static c => c.Scored).Should().BeEquivalentTo(Enumerable.Range(0, n), "each prompt is scored exactly once");
        created.Select(static c => c.Scored.Count).Should().OnlyContain(static c => c == 4 || c == 5, "23 prompts in 5 folds");
        scores.Should().Equal(Enumerable.Range(0, n).Select(static i => (double)i), "each score comes from the classifier that scored the prompt");
    }

    [Fact]
    public void The_folds_depend_only_on_the_seed()
    {
        int[] first = CrossValidation.AssignFolds(50, 5, seed: 3);

        CrossValidation.AssignFolds(50, 5, seed: 3).Should().Equal(first);
        CrossValidation.AssignFolds(50, 5, seed: 4).Should().NotEqual(first);
        first.GroupBy(static f => f).Select(static g => g.Count()).Should().AllBeEquivalentTo(10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void Impossible_fold_counts_are_refused(int folds)
    {
        var act = () => CrossValidation.AssignFolds(5, folds, seed: 0);

        act.Should().Throw<CliException>().WithMessage($"--folds {folds} is not possible with 5 prompt(s)*");
    }

    private sealed class RecordingClassifier : IFoldClassifier
    {
        public List<int> Trained { get; } = [];

        public List<int> Scored { get; } = [];

        public Dictionary<int, bool> Labels { get; } = [];

        public Dictionary<int, string> Prompts { get; } = [];

        public int? FittedAfter { get; private set; }

        public void Add(ReadOnlyMemory<float> embedding, bool strongNeeded, string prompt)
        {
            FittedAfter.Should().BeNull("no prompt is added after fitting");
            int index = (int)embedding.Span[0];
            Trained.Add(index);
            Labels[index] = strongNeeded;
            Prompts[index] = prompt;
        }

        public void Fit()
        {
            FittedAfter.Should().BeNull();
            FittedAfter = Trained.Count;
        }

        public double Score(ReadOnlySpan<float> embedding, string prompt)
        {
            int index = (int)embedding[0];
            FittedAfter.Should().NotBeNull("scoring comes after fitting");
            prompt.Should().Be($"prompt {index}");
            Trained.Should().NotContain(index);
            Scored.Add(index);
            return index;
        }
    }
}
