using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CostAware.Tests.Agents;

public sealed class AgentRunChatClientTests
{
    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_step_cap_stops_the_run_after_the_last_allowed_step_and_keeps_the_transcript(bool streaming)
    {
        var top = new ScriptedChatClient(defaultModelId: "big");
        for (int i = 0; i < 10; i++)
        {
            top.ThenToolCall($"f{i}.cs");
        }

        var agent = AgentTestKit.Agent(top, o =>
        {
            o.MaximumStepsPerRun = 3;
            o.WhenBoundReached = AgentBoundBehavior.Stop;
        });

        using var run = AgentRun.Begin("run-step-cap");
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        top.Calls.Should().HaveCount(3);
        var report = response.GetAgentRunReport()!;
        report.RunId.Should().Be("run-step-cap");
        report.StopReason.Should().Be(AgentStopReason.StepCap);
        report.Steps.Should().Be(3);
        report.StepTiers.Should().Equal("top", "top", "top");
        report.InputTokens.Should().Be(300);
        report.OutputTokens.Should().Be(30);
        report.TranscriptCount.Should().Be(7, "the question and three tool calls with their results");
        report.FinalStepMade.Should().BeFalse();
        response.Text.Should().Contain(AgentRunOptions.DefaultStopMessage);
        run.GetReport().StopReason.Should().Be(AgentStopReason.StepCap);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task At_the_step_cap_the_last_step_is_a_synthesis_call_without_tools_on_the_chosen_tier(bool streaming)
    {
        var small = new ScriptedChatClient(defaultModelId: "small").ThenToolCall("b.cs");
        var mid = new ScriptedChatClient(defaultModelId: "mid").ThenAnswer("The bug is in b.cs.");
        var top = new ScriptedChatClient(defaultModelId: "big").ThenToolCall("a.cs");
        var agent = AgentTestKit.Agent(top, o =>
        {
            o.Tiers.Add(new EscalationTier("small", small));
            o.Tiers.Add(new EscalationTier("mid", mid));
            o.MaximumStepsPerRun = 3;
            o.FinalStepTierName = "mid";
        });

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        response.Text.Should().Contain("The bug is in b.cs.");
        var (finalMessages, finalOptions) = mid.Calls.Should().ContainSingle().Subject;
        finalOptions!.Tools.Should().BeNull();
        finalMessages[^1].Role.Should().Be(ChatRole.User);
        finalMessages[^1].Text.Should().Be(AgentRunOptions.DefaultFinalStepPrompt);
        var report = run.GetReport();
        report.StopReason.Should().Be(AgentStopReason.StepCap);
        report.FinalStepMade.Should().BeTrue();
        report.Steps.Should().Be(3);
        report.StepTiers.Should().Equal("top", "small", "mid");
        response.GetAgentRunReport()!.FinalStepMade.Should().BeTrue();
    }

    [Theory]
    [InlineData(false, 4_600, 2)]
    [InlineData(true, 4_600, 2)]
    [InlineData(false, 4_599, 1)]
    [InlineData(true, 4_599, 1)]
    public async Task A_token_budget_refuses_the_step_whose_worst_case_would_cross_it(bool streaming, long cap, int expectedSteps)
    {
        // Step 1 reserves 1 message (1,000) + 500 output = 1,500 and uses 1,100; step 2 reserves 3,000 + 500 = 3,500,
        // so it fits a cap of 4,600 exactly and not one of 4,599; it uses 3,100; step 3 would reserve 5,500.
        var top = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs", AgentTestKit.Usage(1_000, 100))
            .ThenToolCall("b.cs", AgentTestKit.Usage(3_000, 100))
            .ThenToolCall("c.cs", AgentTestKit.Usage(5_000, 100));
        var agent = AgentTestKit.Agent(top, o =>
        {
            o.MaximumTokensPerRun = cap;
            o.WhenBoundReached = AgentBoundBehavior.Stop;
        });

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions(maxOutputTokens: 500));

        var report = response.GetAgentRunReport()!;
        report.StopReason.Should().Be(AgentStopReason.TokenBudget);
        report.Steps.Should().Be(expectedSteps);
        top.Calls.Should().HaveCount(expectedSteps);
        report.TotalTokens.Should().Be(expectedSteps == 2 ? 4_200 : 1_100);
    }

    [Theory]
    [InlineData(false, "0.052", 2, "0.044")]
    [InlineData(true, "0.052", 2, "0.044")]
    [InlineData(false, "0.0519", 1, "0.012")]
    [InlineData(true, "0.0519", 1, "0.012")]
    public async Task A_dollar_cap_refuses_the_step_whose_worst_case_would_cross_it(bool streaming, string cap, int expectedSteps, string expectedCost)
    {
        // big costs $10 / $20 per million. Step 1 reserves 1,000 in + 500 out = $0.02 and costs 1,000 / 100 = $0.012;
        // step 2 reserves 3,000 + 500 = $0.04 (total $0.052) and costs $0.032; step 3 would reserve $0.06.
        var top = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs", AgentTestKit.Usage(1_000, 100))
            .ThenToolCall("b.cs", AgentTestKit.Usage(3_000, 100))
            .ThenToolCall("c.cs", AgentTestKit.Usage(5_000, 100));
        var agent = AgentTestKit.Agent(top, o =>
        {
            o.MaximumCostPerRun = decimal.Parse(cap, System.Globalization.CultureInfo.InvariantCulture);
            o.WhenBoundReached = AgentBoundBehavior.Stop;
        });

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions(maxOutputTokens: 500));

        var report = response.GetAgentRunReport()!;
        report.StopReason.Should().Be(AgentStopReason.CostBudget);
        report.Steps.Should().Be(expectedSteps);
        report.CostUsd.Should().Be(decimal.Parse(expectedCost, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(false, "0.05", 1)]
    [InlineData(true, "0.05", 1)]
    [InlineData(false, "0.0499", 0)]
    [InlineData(true, "0.0499", 0)]
    public async Task Without_a_request_limit_the_reservation_takes_the_models_maximum_output_from_the_catalog(bool streaming, string cap, int expectedSteps)
    {
        // 1,000 in at $10 = $0.01 plus the catalog's 2,000 output tokens at $20 = $0.04: $0.05.
        var top = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs", AgentTestKit.Usage(1_000, 100))
            .ThenToolCall("b.cs", AgentTestKit.Usage(3_000, 100));
        var agent = AgentTestKit.Agent(top, o =>
        {
            o.MaximumCostPerRun = decimal.Parse(cap, System.Globalization.CultureInfo.InvariantCulture);
            o.WhenBoundReached = AgentBoundBehavior.Stop;
        });

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions(maxOutputTokens: null));

        response.GetAgentRunReport()!.Steps.Should().Be(expectedSteps);
        top.Calls.Should().HaveCount(expectedSteps);
    }

    [Theory]
    [InlineData(false, "0.03", true)]
    [InlineData(true, "0.03", true)]
    [InlineData(false, "0.0231", false)]
    [InlineData(true, "0.0231", false)]
    public async Task When_the_dollar_cap_is_reached_the_final_step_is_made_only_if_its_own_worst_case_fits(bool streaming, string cap, bool finalFits)
    {
        // Step 1 on big reserves $0.02 and costs 1,000 in + 450 out = $0.019; step 2 on big would reserve $0.04. The
        // final step on small sends 4 messages ($0.004) with at most 100 output tokens ($0.0002): $0.0042, so $0.0232
        // in all, which fits a cap of $0.03 and not one of $0.0231.
        var small = new ScriptedChatClient(defaultModelId: "small").ThenAnswer("Partial answer.", AgentTestKit.Usage(4_000, 50));
        var top = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs", AgentTestKit.Usage(1_000, 450))
            .ThenToolCall("b.cs", AgentTestKit.Usage(3_000, 100));
        var agent = AgentTestKit.Agent(top, o =>
        {
            o.Tiers.Add(new EscalationTier("small", small));
            o.StepPolicy = new AgentStepPolicy(c => c.Tiers[^1]);
            o.MaximumCostPerRun = decimal.Parse(cap, System.Globalization.CultureInfo.InvariantCulture);
            o.FinalStepTierName = "small";
            o.FinalStepMaximumOutputTokens = 100;
        });

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions(maxOutputTokens: 500));

        var report = run.GetReport();
        report.StopReason.Should().Be(AgentStopReason.CostBudget);
        report.FinalStepMade.Should().Be(finalFits);
        if (finalFits)
        {
            response.Text.Should().Contain("Partial answer.");
            small.Calls.Should().ContainSingle().Which.Options!.MaxOutputTokens.Should().Be(100);
            report.StepTiers.Should().Equal("top", "small");
            report.CostUsd.Should().Be(0.019m + 0.0041m);
        }
        else
        {
            small.Calls.Should().BeEmpty();
            report.StepTiers.Should().Equal("top");
            response.Text.Should().Contain(AgentRunOptions.DefaultStopMessage);
        }
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_wall_clock_limit_stops_the_run_once_its_time_has_passed(bool streaming)
    {
        var time = new FakeTimeProvider();
        var top = new ScriptedChatClient(defaultModelId: "big");
        for (int i = 0; i < 5; i++)
        {
            top.ThenToolCall($"f{i}.cs", before: () => time.Advance(TimeSpan.FromSeconds(4)));
        }

        var agent = AgentTestKit.Agent(
            top,
            o =>
            {
                o.MaximumDurationPerRun = TimeSpan.FromSeconds(10);
                o.WhenBoundReached = AgentBoundBehavior.Stop;
            },
            time);

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        // Steps start at 0 s, 4 s and 8 s; at 12 s the limit of 10 s has passed.
        var report = response.GetAgentRunReport()!;
        report.StopReason.Should().Be(AgentStopReason.Time);
        report.Steps.Should().Be(3);
        report.Elapsed.Should().Be(TimeSpan.FromSeconds(12));
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_cancelled_run_returns_its_transcript_with_the_reason_by_default(bool streaming)
    {
        using var cts = new CancellationTokenSource();
        var top = new ScriptedChatClient(defaultModelId: "big")
            .Then((_, _) =>
            {
                cts.Cancel();
                throw new OperationCanceledException(cts.Token);
            });
        var runner = new AgentRunChatClient(top, new AgentRunOptions { TokenCounter = new PerMessageTokenCounter() }, AgentTestKit.Catalog);
        var messages = AgentTestKit.Ask();

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(runner, streaming, messages, AgentTestKit.ToolOptions(), cts.Token);

        var report = response.GetAgentRunReport()!;
        report.StopReason.Should().Be(AgentStopReason.Cancelled);
        report.Transcript.Should().StartWith(messages);
        report.Steps.Should().Be(1);
        report.FinalStepMade.Should().BeFalse("a cancelled run makes no synthesis call");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_cancelled_run_rethrows_when_asked_to_and_still_records_the_reason(bool streaming)
    {
        using var cts = new CancellationTokenSource();
        var top = new ScriptedChatClient(defaultModelId: "big")
            .Then((_, _) =>
            {
                cts.Cancel();
                throw new OperationCanceledException(cts.Token);
            });
        var runner = new AgentRunChatClient(
            top,
            new AgentRunOptions { TokenCounter = new PerMessageTokenCounter(), ThrowOnCancellation = true },
            AgentTestKit.Catalog);

        using var run = AgentRun.Begin();
        var act = () => Modes.GetAsync(runner, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions(), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        run.GetReport().StopReason.Should().Be(AgentStopReason.Cancelled);
        run.GetReport().TranscriptCount.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_same_tool_called_with_the_same_arguments_three_times_is_a_loop(bool streaming)
    {
        var top = new ScriptedChatClient(defaultModelId: "big");
        for (int i = 0; i < 10; i++)
        {
            top.ThenToolCall("a.cs");
        }

        var agent = AgentTestKit.Agent(top, o =>
        {
            o.StepsWithoutProgressForLoop = null;
            o.WhenBoundReached = AgentBoundBehavior.Stop;
        });

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        var report = response.GetAgentRunReport()!;
        report.StopReason.Should().Be(AgentStopReason.LoopDetected);
        report.Steps.Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Three_steps_in_a_row_without_a_new_tool_call_or_text_are_a_loop(bool streaming)
    {
        // a, b (progress), then a, b, a: three steps that repeat what the run has already done.
        var top = new ScriptedChatClient(defaultModelId: "big");
        foreach (string path in new[] { "a.cs", "b.cs", "a.cs", "b.cs", "a.cs", "b.cs", "a.cs" })
        {
            top.ThenToolCall(path);
        }

        var agent = AgentTestKit.Agent(top, o =>
        {
            o.IdenticalToolCallsForLoop = null;
            o.WhenBoundReached = AgentBoundBehavior.Stop;
        });

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        var report = response.GetAgentRunReport()!;
        report.StopReason.Should().Be(AgentStopReason.LoopDetected);
        report.Steps.Should().Be(5);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task The_default_policy_plans_on_the_top_tier_works_on_the_smallest_and_goes_one_tier_up_after_invalid_tool_calls(bool streaming)
    {
        var small = new ScriptedChatClient(defaultModelId: "small")
            .ThenToolCall("x.cs", tool: "no_such_tool")
            .ThenToolCall("c.cs", parseError: new InvalidOperationException("bad JSON"))
            .ThenAnswer("Done.");
        var mid = new ScriptedChatClient(defaultModelId: "mid")
            .ThenToolCall("b.cs")
            .ThenToolCall("d.cs");
        var top = new ScriptedChatClient(defaultModelId: "big").ThenToolCall("a.cs");
        var agent = AgentTestKit.Agent(top, o =>
        {
            o.Tiers.Add(new EscalationTier("small", small));
            o.Tiers.Add(new EscalationTier("mid", mid));
        });

        using var run = AgentRun.Begin("run-tiers");
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        response.Text.Should().Contain("Done.");
        var report = run.GetReport();
        report.StepTiers.Should().Equal("top", "small", "mid", "small", "mid", "small");
        report.StopReason.Should().Be(AgentStopReason.None);

        var correlations = top.Calls.Concat(mid.Calls).Concat(small.Calls)
            .Select(c => CallCorrelation.From(c.Options)!)
            .OrderBy(c => c.Attempt)
            .ToList();
        correlations.Select(c => c.Attempt).Should().Equal(1, 2, 3, 4, 5, 6);
        correlations.Should().OnlyContain(c => c.RequestId == "run-tiers" && !c.IsEscalation);
        correlations.Select(c => c.Tier).Should().Equal("top", "small", "mid", "small", "mid", "small");
        small.Calls[0].Options!.ModelId.Should().Be("small");
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Every_call_of_one_run_counts_against_the_same_bounds(bool streaming)
    {
        var top = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs")
            .ThenAnswer("First answer.")
            .ThenToolCall("b.cs")
            .ThenAnswer("Never made.");
        var agent = AgentTestKit.Agent(top, o =>
        {
            o.MaximumStepsPerRun = 3;
            o.WhenBoundReached = AgentBoundBehavior.Stop;
        });

        using var run = AgentRun.Begin();
        var first = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());
        List<ChatMessage> followUp = [.. AgentTestKit.Ask(), .. first.Messages, new ChatMessage(ChatRole.User, "And the other bug?")];
        var second = await Modes.GetAsync(agent, streaming, followUp, AgentTestKit.ToolOptions());

        first.Text.Should().Contain("First answer.");
        second.GetAgentRunReport()!.StopReason.Should().Be(AgentStopReason.StepCap);
        top.Calls.Should().HaveCount(3);
        run.GetReport().Steps.Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Without_an_ambient_run_the_steps_of_one_conversation_form_a_run(bool streaming)
    {
        var top = new ScriptedChatClient(defaultModelId: "big");
        for (int i = 0; i < 5; i++)
        {
            top.ThenToolCall($"f{i}.cs");
        }

        var agent = AgentTestKit.Agent(top, o =>
        {
            o.MaximumStepsPerRun = 2;
            o.WhenBoundReached = AgentBoundBehavior.Stop;
        });

        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        top.Calls.Should().HaveCount(2);
        response.GetAgentRunReport()!.StopReason.Should().Be(AgentStopReason.StepCap);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_stopped_run_refuses_later_calls_without_calling_a_model(bool streaming)
    {
        var top = new ScriptedChatClient(defaultModelId: "big").ThenToolCall("a.cs");
        var runner = new AgentRunChatClient(
            top,
            new AgentRunOptions { MaximumStepsPerRun = 1, WhenBoundReached = AgentBoundBehavior.Stop, TokenCounter = new PerMessageTokenCounter() },
            AgentTestKit.Catalog);

        using var run = AgentRun.Begin();
        await Modes.GetAsync(runner, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());
        var refused = await Modes.GetAsync(runner, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());
        var again = await Modes.GetAsync(runner, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        top.Calls.Should().ContainSingle();
        refused.GetAgentRunReport()!.StopReason.Should().Be(AgentStopReason.StepCap);
        again.GetAgentRunReport()!.StopReason.Should().Be(AgentStopReason.StepCap);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task With_a_token_meter_below_each_step_is_costed_from_its_ledger_entry_linked_by_the_run_id(bool streaming)
    {
        var ledger = new InMemoryCostLedger();
        var scripted = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs", AgentTestKit.Usage(1_000, 100))
            .ThenAnswer("Found it.", AgentTestKit.Usage(3_000, 200));
        var metered = new TokenMeterChatClient(scripted, AgentTestKit.Catalog, ledger);
        var agent = AgentTestKit.Agent(metered, _ => { });

        using var run = AgentRun.Begin("run-ledger");
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        var entries = ledger.GetEntries();
        entries.Should().HaveCount(2);
        entries.Select(e => e.Correlation!.RequestId).Should().OnlyContain(id => id == "run-ledger");
        entries.Select(e => e.Correlation!.Attempt).Should().Equal(1, 2);
        var report = run.GetReport();
        report.CostUsd.Should().Be(entries.Sum(e => e.CostUsd!.Value)).And.Be(0.012m + 0.034m);
        report.InputTokens.Should().Be(4_000);
        report.OutputTokens.Should().Be(300);
        response.GetAgentRunReport()!.Steps.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_final_step_that_asks_for_tools_anyway_reaches_the_caller_without_them(bool streaming)
    {
        var top = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs")
            .Then((_, _) => new ChatResponse(new ChatMessage(
                ChatRole.Assistant,
                [new TextContent("Best effort."), new FunctionCallContent("call-x", "read_file", new Dictionary<string, object?> { ["path"] = "z.cs" })]))
            {
                Usage = AgentTestKit.Usage(100, 10),
                ModelId = "big",
            });
        var agent = AgentTestKit.Agent(top, o => o.MaximumStepsPerRun = 2);

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        top.Calls.Should().HaveCount(2);
        response.Text.Should().Contain("Best effort.");
        response.Messages[^1].Contents.OfType<FunctionCallContent>().Should().BeEmpty();
        run.GetReport().FinalStepMade.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task A_final_step_can_keep_the_tool_definitions_for_the_prompt_cache_while_forbidding_tool_calls(bool streaming)
    {
        var top = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs")
            .ThenAnswer("Best effort.");
        var agent = AgentTestKit.Agent(top, o =>
        {
            o.MaximumStepsPerRun = 2;
            o.KeepToolDefinitionsInFinalStep = true;
        });

        using var run = AgentRun.Begin();
        var response = await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        response.Text.Should().Contain("Best effort.");
        var finalOptions = top.Calls[^1].Options!;
        finalOptions.Tools.Should().ContainSingle().Which.Name.Should().Be("read_file");
        finalOptions.ToolMode.Should().Be(ChatToolMode.None);
        run.GetReport().FinalStepMade.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Modes.StreamingAndNot), MemberType = typeof(Modes))]
    public async Task Steps_their_tiers_and_the_stop_reason_are_exported_as_metrics(bool streaming)
    {
        using var meters = new TestMeterFactory();
        var top = new ScriptedChatClient(defaultModelId: "big")
            .ThenToolCall("a.cs", AgentTestKit.Usage(1_000, 100))
            .ThenAnswer("Best effort.", AgentTestKit.Usage(4_000, 50));
        var agent = new ChatClientBuilder(top)
            .UseFunctionInvocation()
            .Use(inner => new AgentRunChatClient(
                inner,
                new AgentRunOptions { MaximumStepsPerRun = 2, TokenCounter = new PerMessageTokenCounter() },
                AgentTestKit.Catalog,
                meterFactory: meters))
            .Build();
        var meter = meters.Meters.Single();
        using var steps = new MetricCollector<long>(meter, AgentTelemetry.StepsInstrument);
        using var cost = new MetricCollector<double>(meter, AgentTelemetry.StepCostInstrument);
        using var stops = new MetricCollector<long>(meter, AgentTelemetry.StopsInstrument);

        using var run = AgentRun.Begin();
        await Modes.GetAsync(agent, streaming, AgentTestKit.Ask(), AgentTestKit.ToolOptions());

        steps.GetMeasurementSnapshot().Select(m => (string?)m.Tags[AgentTelemetry.StepKindTag]).Should().Equal("work", "final");
        steps.GetMeasurementSnapshot().Should().OnlyContain(m => (string?)m.Tags[CostAwareTelemetry.TierTag] == "top");
        cost.GetMeasurementSnapshot().Sum(m => m.Value).Should().BeApproximately(0.012 + 0.041, 1e-9);
        stops.GetMeasurementSnapshot().Should().ContainSingle()
            .Which.Tags[AgentTelemetry.StopReasonTag].Should().Be("step_cap");
    }

    [Fact]
    public void Options_out_of_range_are_rejected_naming_the_option()
    {
        var inner = new ScriptedChatClient();

        var steps = () => new AgentRunChatClient(inner, new AgentRunOptions { MaximumStepsPerRun = 0 });
        var cost = () => new AgentRunChatClient(inner, new AgentRunOptions { MaximumCostPerRun = 0m });
        var tier = () => new AgentRunChatClient(inner, new AgentRunOptions { FinalStepTierName = "nope" });

        steps.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*AgentRunOptions.MaximumStepsPerRun must be at least 1*");
        cost.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*AgentRunOptions.MaximumCostPerRun*");
        tier.Should().Throw<ArgumentException>().WithMessage("*FinalStepTierName*nope*");
    }
}
