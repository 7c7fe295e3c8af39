using CostAware.Cli.Routing;

namespace CostAware.Cli.Tests.Routing;

public class RouterDataReaderTests
{
    [Fact]
    public void RouteLLM_csv_reads_quoted_multi_line_prompts_labels_and_answers()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", RouterFiles.RouteLlm());

        var set = RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouteLlm, "small", "big");

        set.Rows.Should().HaveCount(6);
        set.RemovedContaminated.Should().Be(0);
        set.QualityIsShare.Should().BeTrue();
        set.Rows[4].Prompt.Should().Be("Tom has 3 apples, \"red\" ones.\nHe eats 1. How many?");
        set.Rows.Select(static r => r.Location).Should().Equal(["line 2", "line 4", "line 6", "line 7", "line 8", "line 11"], "line breaks inside quoted fields do not end a record");
        set.Rows.Select(static r => r.Weak.Quality).Should().Equal(1, 0, 1, 0, 1, 0);
        set.Rows.Select(static r => r.Strong.Quality).Should().Equal(1, 1, 1, 1, 0, 1);
        set.Rows.Select(static r => r.StrongNeeded).Should().Equal([false, true, false, true, false, true], "strong is needed exactly where the weak answer is False");
        set.Rows[1].Weak.Calls.Should().ContainSingle().Which.Response.Should().Be("3+3=7\n#### 7");
        set.Rows[1].Strong.RecordedCostUsd.Should().BeNull();
    }

    [Fact]
    public void Response_columns_are_optional()
    {
        using var temp = new TempFolder();
        string data = temp.WriteLines("answers.csv", "prompt,small,big", "Hi?,True,True", "Why?,false,TRUE");

        var set = RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouteLlm, "small", "big");

        set.Rows.Should().HaveCount(2);
        set.Rows.Should().OnlyContain(static r => r.Weak.Calls == null && r.Strong.Calls == null);
        set.Rows[1].StrongNeeded.Should().BeTrue();
    }

    [Fact]
    public void Contaminated_prompts_are_removed_after_trimming_and_counted()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", RouterFiles.RouteLlm());
        temp.WriteLines(
            "contaminated_prompts.jsonl",
            """{"train_prompt":"What is 3 + 3 apples?","eval_prompt":"  What is 3+3?\n"}""",
            "",
            """{"eval_prompt":"A prompt the data does not hold."}""");

        var set = RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouteLlm, "small", "big");

        set.RemovedContaminated.Should().Be(1);
        set.Rows.Should().HaveCount(5).And.NotContain(static r => r.Prompt == "What is 3+3?");
    }

    [Fact]
    public void Bad_rows_are_all_reported_with_the_file_and_their_lines()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", string.Join("\n",
            "prompt,small,big,small_response,big_response",
            "Fine?,True,True,yes,yes",
            "\"Two\nlines\",maybe,True,a,b",
            "Short row,True",
            ",True,False,a,b") + "\n");

        var act = () => RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouteLlm, "small", "big");

        act.Should().Throw<CliException>().Which.Message.Should()
            .Contain($"'{data}' has 3 problem(s)")
            .And.Contain("line 3: 'small' should be True or False, found 'maybe'")
            .And.Contain("line 5: has 2 fields, but the header has 5")
            .And.Contain("line 6: the prompt is empty");
    }

    [Fact]
    public void An_unclosed_quote_is_reported_on_the_line_it_opens()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", "prompt,small,big\nFine?,True,True\n\"Never closed,True,True\nmore text\n");

        var act = () => RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouteLlm, "small", "big");

        act.Should().Throw<CliException>().WithMessage("*line 3: field 1 opens a quote that is never closed*");
    }

    [Fact]
    public void A_missing_model_column_names_the_column_and_the_header_line()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", RouterFiles.RouteLlm());

        var act = () => RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouteLlm, "small", "huge");

        act.Should().Throw<CliException>().WithMessage($"'{data}' line 1: the routellm header has no 'huge' column*columns that may be models: small, big.");
    }

    [Fact]
    public void RouterBench_reads_fractional_quality_and_recorded_costs_and_labels_by_comparing_qualities()
    {
        using var temp = new TempFolder();
        string data = temp.Write("bench.csv", RouterFiles.RouterBench);

        var set = RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouterBench, "acme/a", "acme/b");

        set.Rows.Should().HaveCount(4);
        set.Rows.Select(static r => r.Weak.Quality).Should().Equal(1, 0, 0.5, 0.25);
        set.Rows.Select(static r => r.Strong.Quality).Should().Equal(1, 0.75, 1, 0.25);
        set.Rows.Select(static r => r.StrongNeeded).Should().Equal(false, true, true, false);
        set.Rows.Select(static r => r.Weak.RecordedCostUsd).Should().Equal(0.001m, 0.002m, 0.001m, 0.004m);
        set.Rows[1].Strong.Calls.Should().ContainSingle().Which.Response.Should().Be("It is 42.");
    }

    [Fact]
    public void RouterBench_quality_outside_zero_to_one_is_an_error()
    {
        using var temp = new TempFolder();
        string data = temp.WriteLines("bench.csv", "prompt,a,b,a|total_cost,b|total_cost", "Q?,1.5,1,0.1,0.2", "R?,0.5,1,-3,0.2");

        var act = () => RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouterBench, "a", "b");

        act.Should().Throw<CliException>().Which.Message.Should()
            .Contain("line 2: 'a' should be a quality from 0 to 1, found '1.5'")
            .And.Contain("line 3: 'a|total_cost' should be a cost in US dollars of zero or more, found '-3'");
    }

    [Fact]
    public void MT_Bench_scores_both_turns_routes_on_the_first_and_drops_unusable_questions()
    {
        using var temp = new TempFolder();
        string judgments = RouterFiles.WriteMtBench(temp);

        var set = RouterDataReader.Read(new FileInfo(judgments), RouterDataFormat.MtBench, "weak-m", "strong-m");

        set.QualityIsShare.Should().BeFalse();
        set.Rows.Select(static r => r.Location).Should().Equal("question 81", "question 83");
        set.Rows[0].Prompt.Should().Be("Write a poem.");
        set.Rows[0].Weak.Quality.Should().Be(5.5, "(4 + 7) / 2");
        set.Rows[0].Strong.Quality.Should().Be(9, "(9 + 9) / 2");
        set.Rows[0].StrongNeeded.Should().BeTrue();
        set.Rows[1].Weak.Quality.Should().Be(8);
        set.Rows[1].Strong.Quality.Should().Be(7.5);
        set.Rows[1].StrongNeeded.Should().BeFalse();

        // Question 82's weak turn 2 was scored -1 (dropped): it has no usable score there, so the question is left out.
        set.Skipped.Should().Equal("question 82: no usable score for weak-m on turn 2");

        // The answers come from the judge prompts: turn 1's marked answer, turn 2's last assistant message.
        var calls = set.Rows[0].Weak.Calls!;
        calls.Should().HaveCount(2);
        calls[0].Response.Should().Be("Roses are red.");
        calls[0].Messages.Select(static m => m.Text).Should().Equal("Write a poem.");
        calls[1].Response.Should().Be("Roses are red, in the sea.");
        calls[1].Messages.Select(static m => m.Text).Should().Equal("Write a poem.", "Roses are red.", "Now make it rhyme with sea.");
    }

    [Fact]
    public void MT_Bench_contaminated_first_turns_are_removed()
    {
        using var temp = new TempFolder();
        string judgments = RouterFiles.WriteMtBench(temp);
        temp.WriteLines("contaminated_prompts.jsonl", """{"eval_prompt":"Write a poem.  "}""");

        var set = RouterDataReader.Read(new FileInfo(judgments), RouterDataFormat.MtBench, "weak-m", "strong-m");

        set.RemovedContaminated.Should().Be(1);
        set.Rows.Select(static r => r.Location).Should().Equal("question 83");
    }

    [Fact]
    public void MT_Bench_bad_lines_are_reported_with_their_numbers()
    {
        using var temp = new TempFolder();
        temp.WriteLines("question.jsonl", """{"question_id":81,"turns":["A?","B?"]}""");
        string judgments = temp.WriteLines(
            "judgements.jsonl",
            """{"question_id":81,"model":"w","score":5,"turn":1}""",
            """{"question_id":81,"model":"w","score":"five","turn":2}""",
            """{"question_id":99,"model":"s","score":5,"turn":1}""",
            "not json",
            """{"question_id":81,"model":"w","score":6,"turn":1}""");

        var act = () => RouterDataReader.Read(new FileInfo(judgments), RouterDataFormat.MtBench, "w", "s");

        act.Should().Throw<CliException>().Which.Message.Should()
            .Contain($"'{judgments}' has 4 problem(s)")
            .And.Contain("line 2: expected 'score' to be a number from 0 to 10")
            .And.Contain("line 3: question 99 is not in question.jsonl")
            .And.Contain("line 4: not valid JSON")
            .And.Contain("line 5: question 81 turn 1 of 'w' is already judged on line 1");
    }

    [Fact]
    public void MT_Bench_needs_the_questions_beside_the_judgments_and_both_models()
    {
        using var temp = new TempFolder();
        string judgments = temp.WriteLines("judgements.jsonl", """{"question_id":81,"model":"w","score":5,"turn":1}""");

        var missing = () => RouterDataReader.Read(new FileInfo(judgments), RouterDataFormat.MtBench, "w", "s");
        missing.Should().Throw<CliException>().WithMessage("*need the questions beside them*question.jsonl' does not exist.");

        temp.WriteLines("question.jsonl", """{"question_id":81,"turns":["A?","B?"]}""");
        var unjudged = () => RouterDataReader.Read(new FileInfo(judgments), RouterDataFormat.MtBench, "w", "s");
        unjudged.Should().Throw<CliException>().WithMessage("*has no judgment of 's'; models judged: w.");
    }
}
