using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Escalation.Validators;

public class SelfConsistencyValidatorTests
{
    private readonly ScriptedChatClient _inner = new(providerName: "openai", defaultModelId: "gpt-4o");
    private readonly InMemoryCostLedger _ledger = new();

    private static UsageDetails Usage => new() { InputTokenCount = 1_000, OutputTokenCount = 100 };

    [Fact]
    public async Task Extra_samples_go_through_the_metered_tier_so_the_ledger_holds_one_priced_entry_per_answer()
    {
        _inner.ThenReply("17 + 25 = 42.", Usage, "gpt-4o").ThenReply("The sum is 42", Usage, "gpt-4o").ThenReply("#### 42", Usage, "gpt-4o");
        using var meter = new TokenMeterChatClient(_inner, PriceCatalog.BuiltIn, _ledger);
        var options = new ChatOptions { Temperature = 0.8f };
        var original = await meter.GetResponseAsync(ValidationContexts.Question, options);

        var verdict = await new SelfConsistencyValidator().ValidateAsync(ValidationContexts.For(original, options, meter));

        // 1,000 input tokens at $2.50 and 100 output tokens at $10 per million: $0.0035 a call; the two samples are the
        // validator's own cost.
        verdict.Should().Be(new ValidationVerdict("self-consistency", true, 1d, "3 of 3 answers agree (share 1, required 0.6).") { CostUsd = 0.007m });
        _ledger.GetEntries().Should().HaveCount(3).And.OnlyContain(entry => entry.CostUsd == 0.0035m);
        _inner.Calls.Skip(1).Should().OnlyContain(call => call.Messages.SequenceEqual(ValidationContexts.Question) && CallCorrelation.From(call.Options)!.Tier!.EndsWith("/validation:self-consistency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answers_that_disagree_too_often_are_rejected_with_the_majority_share_as_score()
    {
        _inner.ThenReply("It is 41.", Usage).ThenReply("It is 43.", Usage);

        var verdict = await new SelfConsistencyValidator().ValidateAsync(ValidationContexts.For("It is 42.", tierClient: _inner));

        verdict.Should().Be(new ValidationVerdict("self-consistency", false, 1d / 3, "1 of 3 answers agree (share 0.3333, required 0.6)."));
    }

    [Fact]
    public async Task A_majority_at_the_threshold_is_accepted_even_when_the_original_answer_is_in_the_minority()
    {
        _inner.ThenReply("paris", Usage).ThenReply("  Paris ", Usage).ThenReply("Lyon", Usage).ThenReply("PARIS", Usage);
        var validator = AnswerValidators.SelfConsistency(o => o.SampleCount = 5);

        var verdict = await validator.ValidateAsync(ValidationContexts.For("Lyon", tierClient: _inner));

        verdict.Should().Be(new ValidationVerdict("self-consistency", true, 0.6, "3 of 5 answers agree (share 0.6, required 0.6)."));
        _inner.Calls.Should().HaveCount(4);
    }

    [Fact]
    public async Task A_custom_answer_key_decides_which_answers_agree()
    {
        _inner.ThenReply("Answer: B", Usage);
        var validator = new SelfConsistencyValidator(new SelfConsistencyValidatorOptions
        {
            SampleCount = 2,
            MinimumAgreement = 1d,
            AnswerKey = text => text[^1..],
        });

        var verdict = await validator.ValidateAsync(ValidationContexts.For("I pick B", tierClient: _inner));

        verdict.Should().Be(new ValidationVerdict("self-consistency", true, 1d, "2 of 2 answers agree (share 1, required 1)."));
    }

    [Fact]
    public async Task Sequential_sampling_asks_for_the_next_sample_only_after_the_previous_one_answered()
    {
        _inner.ThenReply("42", Usage).ThenReply("42", Usage);
        var gated = new GatedChatClient(_inner);

        var validation = new SelfConsistencyValidator().ValidateAsync(ValidationContexts.For("42", tierClient: gated)).AsTask();

        gated.Started.Should().Be(1);
        gated.ReleaseAll();
        await gated.WhenStartedAsync(2);
        gated.Started.Should().Be(2);
        gated.ReleaseAll();
        (await validation).Accepted.Should().BeTrue();
    }

    [Fact]
    public async Task Parallel_sampling_asks_for_every_sample_before_any_has_answered()
    {
        _inner.ThenReply("42", Usage).ThenReply("42", Usage);
        var gated = new GatedChatClient(_inner);
        var validator = new SelfConsistencyValidator(new SelfConsistencyValidatorOptions { SampleInParallel = true });

        var validation = validator.ValidateAsync(ValidationContexts.For("42", tierClient: gated)).AsTask();

        int startedBeforeAnyAnswer = gated.Started;
        gated.ReleaseAll();
        startedBeforeAnyAnswer.Should().Be(2);
        (await validation).Should().Be(new ValidationVerdict("self-consistency", true, 1d, "3 of 3 answers agree (share 1, required 0.6)."));
    }

    [Fact]
    public async Task A_failing_sample_fails_the_validation()
    {
        _inner.ThenThrow(new InvalidOperationException("rate limited"));

        var act = async () => await new SelfConsistencyValidator().ValidateAsync(ValidationContexts.For("42", tierClient: _inner));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("rate limited");
    }

    [Theory]
    [InlineData("It costs 1,200.50 dollars", "1200.5")]
    [InlineData("#### 1200.5", "1200.5")]
    [InlineData("Step 1: 3 - 7 = -4", "-4")]
    [InlineData("4.0", "4")]
    [InlineData("  Paris \n", "paris")]
    [InlineData("", "")]
    public void The_default_key_is_the_last_number_or_else_the_trimmed_lower_cased_text(string text, string key)
    {
        SelfConsistencyValidator.DefaultAnswerKey(text).Should().Be(key);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_option()
    {
        FluentActions.Invoking(() => new SelfConsistencyValidator(new SelfConsistencyValidatorOptions { SampleCount = 1 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("options")
            .WithMessage("SelfConsistencyValidatorOptions.SampleCount must be at least 2*");
        FluentActions.Invoking(() => new SelfConsistencyValidator(new SelfConsistencyValidatorOptions { MinimumAgreement = 0d }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("SelfConsistencyValidatorOptions.MinimumAgreement must be a share in (0, 1]*");
        FluentActions.Invoking(() => AnswerValidators.SelfConsistency(o => o.MinimumAgreement = 1.5))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("SelfConsistencyValidatorOptions.MinimumAgreement*");
        FluentActions.Invoking(() => new SelfConsistencyValidator(new SelfConsistencyValidatorOptions { AnswerKey = null! }))
            .Should().Throw<ArgumentException>().WithParameterName("options").WithMessage("SelfConsistencyValidatorOptions.AnswerKey must not be null*");
    }

    [Fact]
    public async Task Options_are_copied_so_later_changes_have_no_effect()
    {
        _inner.ThenReply("42", Usage);
        var options = new SelfConsistencyValidatorOptions { SampleCount = 2 };
        var validator = new SelfConsistencyValidator(options);
        options.SampleCount = 10;

        var verdict = await validator.ValidateAsync(ValidationContexts.For("42", tierClient: _inner));

        verdict.Reason.Should().Be("2 of 2 answers agree (share 1, required 0.6).");
    }

    /// <summary>Holds every call until the test releases it, to observe how many were started at once.</summary>
    private sealed class GatedChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        private readonly List<TaskCompletionSource> _gates = [];
        private readonly SemaphoreSlim _starts = new(0);
        private int _startsSeen;

        /// <summary>Completes once the given number of calls have started.</summary>
        public async Task WhenStartedAsync(int count)
        {
            while (_startsSeen < count)
            {
                await _starts.WaitAsync();
                _startsSeen++;
            }
        }

        public int Started
        {
            get
            {
                lock (_gates)
                {
                    return _gates.Count;
                }
            }
        }

        public void ReleaseAll()
        {
            lock (_gates)
            {
                _gates.ForEach(gate => gate.TrySetResult());
            }
        }

        public override async Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            var gate = new TaskCompletionSource();
            lock (_gates)
            {
                _gates.Add(gate);
            }

            _starts.Release();
            await gate.Task;
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
