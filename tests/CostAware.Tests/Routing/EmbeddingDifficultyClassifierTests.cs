using Microsoft.Extensions.AI;

namespace CostAware.Tests.Routing;

public class EmbeddingDifficultyClassifierTests
{
    /// <summary>Embeds text as word counts over a few fixed words, so tests know every vector exactly.</summary>
    internal sealed class WordCountGenerator(string? modelId = "word-counts") : IEmbeddingGenerator<string, Embedding<float>>
    {
        private static readonly string[] s_words = ["prove", "code", "hello", "translate", "math", "poem"];

        public int Calls { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var embeddings = values.Select(v =>
            {
                var words = v.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return new Embedding<float>(s_words.Select(w => (float)words.Count(x => x == w) + 0.01f).ToArray());
            });
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", defaultModelId: modelId) : null;

        public void Dispose()
        {
        }
    }

    private readonly WordCountGenerator _generator = new();

    [Fact]
    public void The_score_is_the_similarity_weighted_vote_of_the_nearest_examples_pulled_to_the_base_rate()
    {
        var classifier = new EmbeddingDifficultyClassifier(_generator, new EmbeddingDifficultyOptions { Neighbors = 2, PriorWeight = 1 });
        classifier.AddExample(new float[] { 1, 0 }, strongNeeded: true);
        classifier.AddExample(new float[] { 0, 1 }, strongNeeded: false);
        classifier.AddExample(new float[] { -1, 0 }, strongNeeded: false);

        double score = classifier.ScoreEmbedding([0.9f, 0.1f]);

        // Cosines 0.9/n and 0.1/n with n = |(0.9, 0.1)|; base rate 1/3 with weight 1.
        double n = Math.Sqrt(0.82);
        double expected = ((0.9 / n) + (1 / 3.0)) / ((0.9 / n) + (0.1 / n) + 1);
        score.Should().BeApproximately(expected, 1e-6);
        classifier.Count.Should().Be(3);
        classifier.Dimensions.Should().Be(2);
        classifier.BaseRate.Should().BeApproximately(1 / 3.0, 1e-12);
    }

    [Fact]
    public void Without_a_prior_one_neighbour_decides()
    {
        var classifier = new EmbeddingDifficultyClassifier(_generator, new EmbeddingDifficultyOptions { Neighbors = 1, PriorWeight = 0 });
        classifier.AddExample(new float[] { 1, 0 }, strongNeeded: true);
        classifier.AddExample(new float[] { 0, 1 }, strongNeeded: false);

        classifier.ScoreEmbedding([0.9f, 0.1f]).Should().Be(1);
        classifier.ScoreEmbedding([0.1f, 0.9f]).Should().Be(0);
    }

    [Fact]
    public async Task Examples_added_as_text_are_embedded_in_one_call_and_score_requests()
    {
        var classifier = new EmbeddingDifficultyClassifier(_generator, new EmbeddingDifficultyOptions { Neighbors = 1, PriorWeight = 0 });
        await classifier.AddExamplesAsync([new("prove math", true), new("hello", false), new("translate poem", false)]);

        double hard = await classifier.ScoreAsync(DifficultyContext.ForPrompt("prove this math"));
        double easy = await classifier.ScoreAsync(DifficultyContext.ForPrompt("hello hello"));

        _generator.Calls.Should().Be(3);
        hard.Should().Be(1);
        easy.Should().Be(0);
    }

    [Fact]
    public async Task Without_examples_the_configured_neutral_score_is_returned_without_an_embedding_call()
    {
        var classifier = new EmbeddingDifficultyClassifier(_generator, new EmbeddingDifficultyOptions { ScoreWithoutExamples = 0.25 });

        (await classifier.ScoreAsync(DifficultyContext.ForPrompt("anything"))).Should().Be(0.25);
        _generator.Calls.Should().Be(0);
    }

    [Fact]
    public async Task A_saved_set_loads_with_the_same_scores_and_prompts()
    {
        var classifier = new EmbeddingDifficultyClassifier(_generator, new EmbeddingDifficultyOptions { Neighbors = 2 });
        await classifier.AddExamplesAsync([new("prove math", true), new("hello", false), new("code code", true)]);
        classifier.AddExample(new float[] { 0, 0, 1, 1, 0, 0 }, strongNeeded: false);
        using var stream = new MemoryStream();

        await classifier.SaveAsync(stream);
        stream.Position = 0;
        var loaded = await EmbeddingDifficultyClassifier.LoadAsync(stream, _generator, new EmbeddingDifficultyOptions { Neighbors = 2 });

        loaded.Count.Should().Be(4);
        loaded.BaseRate.Should().Be(0.5);
        float[] query = [1, 1, 0, 0, 1, 0];
        loaded.ScoreEmbedding(query).Should().Be(classifier.ScoreEmbedding(query));
        System.Text.Encoding.UTF8.GetString(stream.ToArray()).Should().StartWith(
            """{"format":"costaware-routing-examples","version":1,"dimensions":6,"generator_model":"word-counts","examples":[{"strong_needed":true,"prompt":"prove math","vector":""");
    }

    [Theory]
    [InlineData("""{"format":"other"}""", "The stream is not a routing example set: \"format\" must be \"costaware-routing-examples\".")]
    [InlineData("""{"format":"costaware-routing-examples","version":2}""", "The routing example set has an unsupported \"version\"; this library reads version 1.")]
    [InlineData("""{"format":"costaware-routing-examples","version":1,"dimensions":2,"examples":[{"strong_needed":true,"vector":"AACAPwAAAAA="},{"strong_needed":1,"vector":"AACAPwAAAAA="}]}""", "examples[1]: \"strong_needed\" must be true or false.")]
    [InlineData("""{"format":"costaware-routing-examples","version":1,"dimensions":3,"examples":[{"strong_needed":true,"vector":"AACAPwAAAAA="}]}""", "examples[0]: \"vector\" holds 2 floats; the set's dimensions are 3.")]
    [InlineData("""{"format":"costaware-routing-examples","version":1,"dimensions":2,"examples":[{"strong_needed":true,"vector":"AAAAAAAAAAA="}]}""", "examples[0]: The embedding holds a non-finite value or only zeros.*")]
    [InlineData("""{"format":"costaware-routing-examples","version":1,"dimensions":2,"generator_model":"other-model","examples":[]}""", "The routing examples were embedded with 'other-model', but the generator is 'word-counts'; vectors from different models are not comparable.")]
    [InlineData("""{"format": """, "The routing example set is not valid JSON:*")]
    public async Task A_bad_set_is_rejected_naming_what_and_where(string json, string message)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        var act = () => EmbeddingDifficultyClassifier.LoadAsync(stream, _generator);

        await act.Should().ThrowAsync<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void An_embedding_of_another_length_is_rejected()
    {
        var classifier = new EmbeddingDifficultyClassifier(_generator);
        classifier.AddExample(new float[] { 1, 0 }, true);

        var add = () => classifier.AddExample(new float[] { 1, 0, 0 }, true);
        var score = () => classifier.ScoreEmbedding([1, 0, 0]);

        add.Should().Throw<ArgumentException>().WithMessage("The embedding has 3 dimensions; the examples have 2.*");
        score.Should().Throw<ArgumentException>().WithMessage("The embedding has 3 dimensions; the examples have 2. Use the generator the examples were embedded with.*");
    }

    [Fact]
    public async Task Examples_added_while_scoring_are_all_kept()
    {
        var classifier = new EmbeddingDifficultyClassifier(_generator, new EmbeddingDifficultyOptions { Neighbors = 5 });
        classifier.AddExample(new float[] { 1, 1 }, true);
        using var stop = new CancellationTokenSource();
        var scoring = Task.Run(() =>
        {
            int scored = 0;
            while (!stop.IsCancellationRequested)
            {
                double s = classifier.ScoreEmbedding([1, 0.5f]);
                s.Should().BeInRange(0, 1);
                scored++;
            }

            return scored;
        });

        await Parallel.ForAsync(0, 2_000, (i, _) =>
        {
            classifier.AddExample(new float[] { i + 1, 2_000 - i }, i % 2 == 0);
            return ValueTask.CompletedTask;
        });
        stop.Cancel();
        int scoredCount = await scoring;

        classifier.Count.Should().Be(2_001);
        classifier.BaseRate.Should().Be(1_001 / 2_001.0);
        scoredCount.Should().BePositive();
    }
}

public class EmbeddingDifficultyTuningTests
{
    private static float[] At(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180)];

    // Hard prompts come in tight groups of three among many easy ones: only a small neighbourhood sees the group.
    private static EmbeddingDifficultyClassifier Groups(EmbeddingDifficultyOptions options)
    {
        var classifier = new EmbeddingDifficultyClassifier(new EmbeddingDifficultyClassifierTests.WordCountGenerator(), options);
        for (int group = 0; group < 10; group++)
        {
            double centre = group * 36;
            foreach (double offset in new[] { -0.2, 0, 0.2 })
            {
                classifier.AddExample(At(centre + offset), strongNeeded: true, prompt: "hard");
            }

            for (int easy = 1; easy <= 6; easy++)
            {
                classifier.AddExample(At(centre + 18 + (easy * 2) - 7), strongNeeded: false, prompt: "easy");
            }
        }

        return classifier;
    }

    [Fact]
    public void Tuning_chooses_the_neighbourhood_whose_leave_one_out_votes_separate_the_labels_best()
    {
        var classifier = Groups(new EmbeddingDifficultyOptions { NeighborCandidates = [2, 50], AutomaticTuning = false, Neighbors = 50, PriorWeight = 0 });
        double before = classifier.ScoreEmbedding(At(72.1), "hard");

        bool tuned = classifier.Tune();

        tuned.Should().BeTrue();
        classifier.TunedNeighbors.Should().Be(2);
        before.Should().BeLessThan(0.5, "fifty neighbours drown a group of three");
        classifier.ScoreEmbedding(At(72.1), "hard").Should().BeGreaterThan(0.5);
        classifier.ScoreEmbedding(At(90), "easy").Should().BeLessThan(0.5);
    }

    [Fact]
    public void Tuning_needs_enough_examples_with_both_labels()
    {
        var few = new EmbeddingDifficultyClassifier(new EmbeddingDifficultyClassifierTests.WordCountGenerator(), new EmbeddingDifficultyOptions { AutomaticTuning = false });
        for (int i = 0; i < 49; i++)
        {
            few.AddExample(At(i), i % 2 == 0);
        }

        var oneLabel = new EmbeddingDifficultyClassifier(new EmbeddingDifficultyClassifierTests.WordCountGenerator(), new EmbeddingDifficultyOptions { AutomaticTuning = false });
        for (int i = 0; i < 60; i++)
        {
            oneLabel.AddExample(At(i), true);
        }

        few.Tune().Should().BeFalse();
        oneLabel.Tune().Should().BeFalse();
        few.TunedNeighbors.Should().BeNull();
    }

    [Fact]
    public async Task The_classifier_tunes_itself_in_the_background_once_it_has_enough_examples()
    {
        var classifier = Groups(new EmbeddingDifficultyOptions { NeighborCandidates = [2, 50], AutomaticTuning = true });

        classifier.ScoreEmbedding(At(0));
        for (int wait = 0; wait < 100 && classifier.TunedNeighbors is null; wait++)
        {
            await Task.Delay(50);
        }

        classifier.TunedNeighbors.Should().Be(2);
    }
}
