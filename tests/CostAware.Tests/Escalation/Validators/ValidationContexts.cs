using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Escalation.Validators;

/// <summary>Builds validation contexts for validator tests.</summary>
internal static class ValidationContexts
{
    public static readonly IReadOnlyList<ChatMessage> Question = [new(ChatRole.User, "What is 17 + 25?")];

    public static AnswerValidationContext For(
        string answer,
        ChatFinishReason? finishReason = null,
        ChatOptions? options = null,
        IChatClient? tierClient = null) =>
        For(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { FinishReason = finishReason }, options, tierClient);

    public static AnswerValidationContext For(ChatResponse response, ChatOptions? options = null, IChatClient? tierClient = null) =>
        new(Question, options, response, new EscalationTier("small", tierClient ?? new ScriptedChatClient()), attempt: 1);

    public static IAnswerValidator Fixed(string name, bool accepted, double score, List<string>? asked = null) =>
        AnswerValidators.FromDelegate(name, (_, _) =>
        {
            asked?.Add(name);
            return ValueTask.FromResult(new ValidationVerdict(name, accepted, score, accepted ? "fine" : "bad"));
        });
}
