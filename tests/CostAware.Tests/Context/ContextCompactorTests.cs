using Microsoft.Extensions.AI;

namespace CostAware.Tests.Context;

public sealed class ContextCompactorTests
{
    private static readonly string s_twenty = string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}"));

    private static ContextCompactor Create(Action<ContextCompactorOptions>? configure = null)
    {
        var options = new ContextCompactorOptions { TokenCounter = WordTokenCounter.Instance };
        configure?.Invoke(options);
        return new ContextCompactor(options);
    }

    private static DelegatePassageRanker Fixed(params double[] scores) =>
        new((_, passages, _) => new ValueTask<IReadOnlyList<double>>(scores.Take(passages.Count).ToArray()));

    [Fact]
    public async Task An_exact_duplicate_apart_from_case_punctuation_and_spacing_is_removed_as_a_duplicate_of_the_first()
    {
        ContextPassage[] passages = [new("p1", "The cat sat on the mat."), new("p2", "the  CAT sat, on the mat"), new("p3", "dogs bark")];

        var result = await Create().CompactAsync("cat", passages, 100);

        result.Passages.Should().Equal(passages[0], passages[2]);
        result.Removed.Should().Equal(new RemovedPassage("p2", PassageRemovalReason.ExactDuplicate, "p1", 6, 1));
        result.TokensBefore.Should().Be(14);
        result.TokensAfter.Should().Be(8);
        result.TokensRemoved.Should().Be(6);
    }

    [Fact]
    public void A_near_duplicate_is_found_with_its_exact_shingle_similarity_and_a_looser_variant_is_kept()
    {
        var words = s_twenty.Split(' ');
        string oneChanged = string.Join(' ', words[..19].Append("other"));
        string threeChanged = string.Join(' ', words.Select((w, i) => i is 4 or 9 or 14 ? "x" + w : w));
        ContextPassage[] passages = [new("a", s_twenty), new("b", oneChanged), new("c", threeChanged)];

        var duplicates = Create().FindDuplicates(passages);

        // 18 three-word shingles each; one changed last word changes one: 17 shared of 19.
        duplicates.Should().Equal(new RemovedPassage("b", PassageRemovalReason.NearDuplicate, "a", 20, 17.0 / 19));

        // Three changed words change nine shingles: 9 shared of 27, below 0.8.
        var strict = Create(o => o.NearDuplicateThreshold = 0.3).FindDuplicates(passages);
        strict.Should().Equal(
            new RemovedPassage("b", PassageRemovalReason.NearDuplicate, "a", 20, 17.0 / 19),
            new RemovedPassage("c", PassageRemovalReason.NearDuplicate, "a", 20, 9.0 / 27));
    }

    [Fact]
    public async Task Bm25_ranks_a_small_corpus_by_term_rarity_frequency_and_length()
    {
        ContextPassage[] corpus =
        [
            new("d0", "the quick brown fox"),
            new("d1", "the lazy dog sleeps all day"),
            new("d2", "a fox and a dog are friends"),
            new("d3", "cats and dogs"),
        ];

        var scores = await Bm25PassageRanker.Default.ScoreAsync("Fox dog?", corpus, CancellationToken.None);

        // Both terms occur in two of four passages: idf = ln(1 + 2.5 / 2.5) = ln 2; the mean length is 5 words.
        double idf = Math.Log(2);
        scores[0].Should().BeApproximately(idf * 2.2 / (1 + (1.2 * (0.25 + (0.75 * 4 / 5)))), 1e-12);
        scores[1].Should().BeApproximately(idf * 2.2 / (1 + (1.2 * (0.25 + (0.75 * 6 / 5)))), 1e-12);
        scores[2].Should().BeApproximately(2 * idf * 2.2 / (1 + (1.2 * (0.25 + (0.75 * 7 / 5)))), 1e-12);
        scores[3].Should().Be(0);

        var ranked = await Create(o => o.Order = PassageOrder.ByRelevance).CompactAsync("Fox dog?", corpus, 100);
        ranked.Passages.Select(p => p.Id).Should().Equal("d2", "d0", "d1", "d3");
    }

    [Fact]
    public async Task Passages_are_packed_by_rank_into_the_budget_skipping_those_that_do_not_fit()
    {
        ContextPassage[] passages =
        [
            new("p0", "a b c d e f"),
            new("p1", "g h i j k"),
            new("p2", "l m n"),
            new("p3", "o p"),
        ];

        var result = await Create(o => o.Ranker = Fixed(3, 2, 1, 0)).CompactAsync("q", passages, 10);

        result.Passages.Should().Equal(passages[0], passages[2]);
        result.Removed.Should().Equal(
            new RemovedPassage("p1", PassageRemovalReason.OverBudget, null, 5, 0),
            new RemovedPassage("p3", PassageRemovalReason.OverBudget, null, 2, 0));
        result.TokensBefore.Should().Be(16);
        result.TokensAfter.Should().Be(9);
    }

    [Fact]
    public async Task The_same_passages_in_any_order_give_the_same_output_in_id_order()
    {
        ContextPassage[] passages =
        [
            new("doc-3", "the fox is quick"),
            new("doc-1", "the dog is lazy"),
            new("doc-2", "a fox met a dog"),
            new("doc-4", "unrelated text about weather"),
        ];
        var compactor = Create();

        var first = await compactor.CompactAsync("fox dog", passages, 100);
        var second = await compactor.CompactAsync("fox dog", passages.Reverse(), 100);

        first.Passages.Select(p => p.Id).Should().Equal("doc-1", "doc-2", "doc-3", "doc-4");
        second.Passages.Should().Equal(first.Passages);
    }

    [Fact]
    public async Task With_an_embedding_generator_paraphrases_are_duplicates_and_the_embedding_ranker_ranks_by_cosine()
    {
        using var generator = new BagOfWordsEmbeddings("fox", "dog", "cat");
        ContextPassage[] passages =
        [
            new("p1", "the fox chased the dog"),
            new("p2", "a dog was chased by a fox"),
            new("p3", "one cat"),
        ];

        var result = await Create(o => { o.EmbeddingGenerator = generator; o.Ranker = new EmbeddingPassageRanker(generator); o.Order = PassageOrder.ByRelevance; })
            .CompactAsync("cat", passages, 100);

        result.Passages.Select(p => p.Id).Should().Equal("p3", "p1");
        result.Removed.Should().ContainSingle().Which.Should().Be(new RemovedPassage("p2", PassageRemovalReason.NearDuplicate, "p1", 7, 1));
    }

    [Fact]
    public async Task Two_passages_with_one_id_are_rejected_by_id()
    {
        var act = () => Create().CompactAsync("q", [new ContextPassage("x", "a"), new ContextPassage("x", "b")], 10);

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("Passage id 'x' appears more than once*");
    }

    [Fact]
    public void A_threshold_out_of_range_is_rejected_by_option_name()
    {
        var act = () => new ContextCompactor(new ContextCompactorOptions { NearDuplicateThreshold = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("options.NearDuplicateThreshold");
    }

    /// <summary>Embeds a text as its counts of a few vocabulary words.</summary>
    private sealed class BagOfWordsEmbeddings(params string[] vocabulary) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v =>
            {
                var words = Words.Split(v);
                return new Embedding<float>(vocabulary.Select(term => (float)words.Count(w => w == term)).ToArray());
            })));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
