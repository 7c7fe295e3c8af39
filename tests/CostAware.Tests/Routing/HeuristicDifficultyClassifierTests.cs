using Microsoft.Extensions.AI;

namespace CostAware.Tests.Routing;

public class HeuristicDifficultyClassifierTests
{
    private readonly HeuristicDifficultyClassifier _classifier = new();

    private double Score(string prompt) => _classifier.Score(DifficultyContext.ForPrompt(prompt));

    [Fact]
    public void Features_are_counted_exactly()
    {
        const string prompt = "Janet has 16 eggs and eats 3 each morning, then sells the remaining at $2.50 per egg.\n" +
                              "Explain why, step by step. You must answer in exactly 2 sentences and should not round. Shoulder this?";
        var context = new DifficultyContext(
            [new ChatMessage(ChatRole.User, "earlier"), new ChatMessage(ChatRole.Assistant, "ok"), new ChatMessage(ChatRole.User, prompt)],
            new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")], ResponseFormat = ChatResponseFormat.Json });

        var features = HeuristicDifficultyClassifier.GetFeatures(context);

        features.ToString().Should().Be(new HeuristicDifficultyFeatures(
            Characters: prompt.Length,
            Numbers: 4,          // 16, 3, 2.50, 2
            ReasoningCues: 2,    // explain why, step by step
            StepCues: 4,         // each, then, remaining, per
            CodeCues: 0,
            Constraints: 4,      // must, exactly, should, and "Shoulder": cues match at the start of a word, so inflections count
            SimpleTaskCues: 0,
            Questions: 1,
            Lines: 1,
            Tools: 1,
            UserTurns: 2,
            RequestsJson: true).ToString());
    }

    [Fact]
    public void The_score_is_the_logistic_of_the_weighted_features()
    {
        var onlyNumbers = new HeuristicDifficultyClassifier(new HeuristicDifficultyOptions
        {
            Bias = 0, Length = 0, Numbers = 1, Reasoning = 0, Steps = 0, Code = 0, Constraints = 0, SimpleTask = 0,
            Questions = 0, Lines = 0, Tools = 0, ConversationDepth = 0, StructuredOutput = 0,
        });

        double threeNumbers = onlyNumbers.Score(DifficultyContext.ForPrompt("1 and 22 and 333"));
        double none = onlyNumbers.Score(DifficultyContext.ForPrompt("no numbers"));

        threeNumbers.Should().Be(1 / (1 + Math.Exp(-2))); // log2(1 + 3) = 2
        none.Should().Be(0.5);
    }

    [Fact]
    public void Crafted_prompts_are_ordered_from_trivial_to_hard()
    {
        string[] prompts =
        [
            "Hello, thanks!",
            "Translate 'good morning' into French.",
            "What is the capital of Peru?",
            "A train travels 120 km in 2 hours, then 90 km in 1.5 hours. What is its average speed for the whole trip?",
            "Prove that there are infinitely many primes. Explain why each step follows, and derive the contradiction step by step.",
            "```python\ndef merge(a, b):\n    return sorted(a + b)\n```\nOptimize this function to O(n) without using sort. You must keep it stable, explain the complexity and the trade-off, and include tests that cover at least 5 edge cases.",
        ];

        var scores = prompts.Select(Score).ToList();

        scores.Should().BeInAscendingOrder();
        scores[0].Should().BeLessThan(0.05);
        scores[^1].Should().BeGreaterThan(0.85);
    }

    [Fact]
    public void Tools_depth_and_json_raise_the_score_of_the_same_text()
    {
        var plain = _classifier.Score(DifficultyContext.ForPrompt("Book a table."));
        var withTools = _classifier.Score(new DifficultyContext([new ChatMessage(ChatRole.User, "Book a table.")], new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "book")] }));
        var deep = _classifier.Score(new DifficultyContext([.. Enumerable.Range(0, 8).Select(_ => new ChatMessage(ChatRole.User, "Book a table."))]));

        withTools.Should().BeGreaterThan(plain);
        deep.Should().BeGreaterThan(plain);
    }

    [Fact]
    public void A_weight_that_is_not_a_number_is_rejected()
    {
        var act = () => new HeuristicDifficultyClassifier(new HeuristicDifficultyOptions { Code = double.NaN });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("HeuristicDifficultyOptions.Code must be a finite number.*");
    }

    [Fact]
    public void A_long_prompt_is_read_at_its_two_ends_and_measured_whole()
    {
        string filler = string.Concat(Enumerable.Repeat("lorem ipsum ", 250)); // 3,000 characters
        string prompt = "Prove 1 thing? " + filler + "prove 2 more?\n" + filler + "Then prove 3?";

        var features = HeuristicDifficultyClassifier.GetFeatures(DifficultyContext.ForPrompt(prompt));

        features.Characters.Should().Be(prompt.Length);
        features.ReasoningCues.Should().Be(2, "the middle of a long prompt is not scanned");
        features.Numbers.Should().Be(2);
        features.StepCues.Should().Be(1);
        features.Questions.Should().Be(2);
        features.Lines.Should().Be(0);
    }

    [Fact]
    public void The_vector_scan_counts_exactly_what_a_character_by_character_scan_counts()
    {
        string[] pieces = ["then", "Then", "prove", "step by step", "2.50", "1,000", "x2", " ", "\n", "```", "%", "=>", "#include", "c#", "c++",
            "should", "shoulder", "é", "naïve", "don't", "-", ".", ",", "42", "each", "EACH", "per ", "why ", "tl;dr", "A", "zz"];
        var random = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(0, 120)).Select(_ => pieces[random.Next(pieces.Length)]));
            int[] vector = new int[5];
            int[] scalar = new int[5];

            int vectorNumbers = HeuristicDifficultyClassifier.Scan(text, vector);
            int scalarNumbers = HeuristicDifficultyClassifier.ScanEachCharacter(text, scalar);

            vectorNumbers.Should().Be(scalarNumbers, text);
            vector.Should().Equal(scalar, text);
        }
    }
}
