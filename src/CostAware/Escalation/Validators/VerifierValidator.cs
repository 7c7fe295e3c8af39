using System.Text;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Asks a judge model whether the answer correctly and fully answers the request, and accepts when the judge
/// says PASS.</summary>
/// <remarks>
/// <para>The judge gets <see cref="VerifierValidatorOptions.Instructions"/> as its system message and one user
/// message holding the request's text (each message labelled with its role) and the answer's text. Its reply must
/// hold exactly one line <c>VERDICT: PASS</c> or <c>VERDICT: FAIL</c> and may hold one line <c>SCORE: x</c>, x in
/// [0, 1], which becomes the verdict's score (otherwise 1 for a pass, 0 for a fail). A reply that breaks that format
/// is rejected with score 0 and a reason saying why, unless
/// <see cref="VerifierValidatorOptions.AcceptUnparseableVerdicts"/> is set.</para>
/// <para>The judge's call is a real model call: give the validator a cheap judge whose client carries a token meter,
/// so that the call is recorded and priced like any other. A failing judge call fails the validation with its
/// exception.</para>
/// <para>This type is thread-safe if the judge client is. Prompt and answer text go only to the judge, never into a
/// reason.</para>
/// </remarks>
public sealed class VerifierValidator : IAnswerValidator
{
    /// <summary>The validator's name.</summary>
    public const string ValidatorName = "verifier";

    private readonly IChatClient _judge;
    private readonly string _instructions;
    private readonly ChatOptions? _judgeOptions;
    private readonly bool _acceptUnparseableVerdicts;

    /// <summary>Initializes a new instance of the <see cref="VerifierValidator"/> class.</summary>
    /// <param name="judge">The judge's client; put a token meter on it so that its calls are priced.</param>
    /// <param name="options">The options; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="judge"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="VerifierValidatorOptions.Instructions"/> is empty.</exception>
    public VerifierValidator(IChatClient judge, VerifierValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(judge);
        options ??= new VerifierValidatorOptions();
        if (string.IsNullOrWhiteSpace(options.Instructions))
        {
            throw new ArgumentException(
                $"{nameof(VerifierValidatorOptions)}.{nameof(options.Instructions)} must tell the judge what to do and how to reply.",
                nameof(options));
        }

        _judge = judge;
        _instructions = options.Instructions;
        _judgeOptions = options.JudgeOptions?.Clone();
        _acceptUnparseableVerdicts = options.AcceptUnparseableVerdicts;
    }

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    public async ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        ChatMessage[] prompt = [new(ChatRole.System, _instructions), new(ChatRole.User, DescribeForJudge(context))];
        var reply = await _judge.GetResponseAsync(prompt, context.OptionsForValidation(Name, _judgeOptions), cancellationToken).ConfigureAwait(false);
        decimal cost = reply.GetCostUsd() ?? 0m;

        if (!VerifierVerdictParser.TryParse(reply.Text, out bool passed, out double score, out string? error))
        {
            return (_acceptUnparseableVerdicts
                ? ValidationVerdict.Accept(Name, $"{error} Accepted because unparseable verdicts are accepted.")
                : ValidationVerdict.Reject(Name, error!)) with { CostUsd = cost };
        }

        return (passed
            ? ValidationVerdict.Accept(Name, "The judge passed the answer.", score)
            : ValidationVerdict.Reject(Name, "The judge failed the answer.", score)) with { CostUsd = cost };
    }

    private static string DescribeForJudge(AnswerValidationContext context)
    {
        var text = new StringBuilder("The request:\n");
        foreach (var message in context.Messages)
        {
            text.Append('[').Append(message.Role.Value).Append("] ").AppendLine(message.Text);
        }

        text.Append("\nThe answer:\n").AppendLine(context.Response.Text);
        return text.ToString();
    }
}
