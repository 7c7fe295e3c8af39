namespace CostAware.Benchmarks;

/// <summary>
/// A synthetic retrieval result with planted duplicates, from a seeded generator: distinct passages of random
/// words from a small vocabulary, near-duplicates of some of them (a few words replaced, inserted or dropped), and
/// one passage that holds the answer to <see cref="Question"/>. Shared by the compactor benchmarks and the results
/// console, so both use the same data.
/// </summary>
internal static class PassageSet
{
    /// <summary>The question the answer passage answers.</summary>
    public const string Question = "What is the access code for the north vault?";

    /// <summary>The id of the passage holding the answer.</summary>
    public const string AnswerId = "p0137";

    private static readonly string[] s_vocabulary = BuildVocabulary();

    /// <summary>Generates the set.</summary>
    /// <param name="distinct">Passages that are not planted duplicates (the answer passage among them).</param>
    /// <param name="duplicates">Planted near-duplicates (every fifth one an exact copy with different casing).</param>
    /// <param name="seed">The generator's seed.</param>
    /// <returns>The passages, in a shuffled order; the ids of the planted duplicates; and, per id, the index of the
    /// distinct passage it was made from (its own for a distinct passage).</returns>
    public static (List<ContextPassage> Passages, HashSet<string> Planted, Dictionary<string, int> Sources) Generate(int distinct = 150, int duplicates = 50, int seed = 42)
    {
        var random = new Random(seed);
        var originals = new List<string>(distinct);
        for (int i = 0; i < distinct; i++)
        {
            var words = Enumerable.Range(0, random.Next(60, 110)).Select(_ => s_vocabulary[random.Next(s_vocabulary.Length)]).ToList();

            // Distractors share the question's words, so relevance has to be earned.
            if (i % 10 == 0)
            {
                words.Insert(random.Next(words.Count), i % 20 == 0 ? "vault" : "code");
            }

            originals.Add(string.Join(' ', words) + ".");
        }

        int answerIndex = 137 % distinct;
        originals[answerIndex] = "Operations log. " + originals[answerIndex][..200] +
            " The access code for the north vault is 4417, changed every quarter by the duty officer. " + originals[answerIndex][200..];

        var passages = new List<(string Text, bool Planted, int Source)>();
        passages.AddRange(originals.Select((t, i) => (t, false, i)));
        for (int d = 0; d < duplicates; d++)
        {
            // The answer passage gets a near-duplicate too: whichever copy is kept must still carry the answer.
            int source = d == 0 ? answerIndex : random.Next(distinct);
            passages.Add((d % 5 == 4 ? originals[source].ToUpperInvariant() : Perturb(originals[source], random), true, source));
        }

        // Shuffle, then number: ids do not give away which passages are planted.
        var shuffled = passages.OrderBy(_ => random.Next()).ToList();
        int answerPosition = shuffled.FindIndex(p => !p.Planted && p.Text.Contains("4417", StringComparison.Ordinal));
        (shuffled[answerPosition], shuffled[137]) = (shuffled[137], shuffled[answerPosition]);

        var result = new List<ContextPassage>(shuffled.Count);
        var planted = new HashSet<string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < shuffled.Count; i++)
        {
            string id = $"p{i:D4}";
            result.Add(new ContextPassage(id, shuffled[i].Text));
            sources[id] = shuffled[i].Source;
            if (shuffled[i].Planted)
            {
                planted.Add(id);
            }
        }

        return (result, planted, sources);
    }

    private static string Perturb(string text, Random random)
    {
        var words = text.Split(' ').ToList();
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(words.Count);
            switch (random.Next(3))
            {
                case 0: words[at] = s_vocabulary[random.Next(s_vocabulary.Length)]; break;
                case 1: words.Insert(at, s_vocabulary[random.Next(s_vocabulary.Length)]); break;
                default: words.RemoveAt(at); break;
            }
        }

        return string.Join(' ', words);
    }

    private static string[] BuildVocabulary()
    {
        string[] stems = ["report", "system", "network", "server", "policy", "budget", "meeting", "schedule", "storage", "backup",
            "incident", "review", "design", "customer", "invoice", "project", "release", "update", "service", "account",
            "quarter", "region", "team", "office", "building", "contract", "vendor", "license", "training", "audit"];
        string[] suffixes = ["", "s", "ing", "ed", "al", "er"];
        string[] common = ["the", "a", "of", "to", "and", "in", "for", "on", "with", "is", "was", "by", "at", "from", "that"];
        return [.. stems.SelectMany(s => suffixes.Select(x => s + x)), .. common, .. common, .. common];
    }
}
