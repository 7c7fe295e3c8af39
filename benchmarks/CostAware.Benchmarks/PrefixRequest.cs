using System.Text;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// A 20,000-token request for the prefix orderer: a system prompt of about 18,000 tokens of stable instructions and
/// worked examples, a few history turns and a current user turn. Built once; the benchmarks reuse the same string and
/// message instances on every call, as an application that keeps its prompt text does.
/// </summary>
internal static class PrefixRequest
{
    /// <summary>The per-request first line of the system prompt: a timestamp and a user id.</summary>
    public const string VolatileLine = "Request time: 2026-03-02T09:00:00Z. User: u-098702.";

    private static readonly string[] s_topics =
    [
        "billing disputes", "shipping delays", "password resets", "refund requests", "plan upgrades",
        "data exports", "invoice corrections", "account closures", "team invitations", "storage limits",
        "mobile sign-in", "report scheduling", "webhook failures", "tax settings", "language preferences",
    ];

    private static readonly string[] s_actions =
    [
        "confirm which workspace the question is about before answering",
        "quote the relevant help article by its title and summarise it in two sentences",
        "offer the self-service steps first and escalate only when they do not apply",
        "never promise a delivery date; describe the usual range instead",
        "ask for the order reference when it is missing, and explain why it is needed",
        "keep the answer under one hundred and fifty words unless the user asks for detail",
        "state plainly what the product cannot do rather than suggesting a workaround that may fail",
    ];

    /// <summary>Builds the stable part of the system prompt: numbered rules, then worked examples.</summary>
    /// <returns>The text.</returns>
    public static string StableInstructions()
    {
        var text = new StringBuilder();
        text.Append("You are the support assistant of Northwind Workspace, a collaboration product for small teams.\n");
        text.Append("Follow the rules below in order of precedence; a later rule never overrides an earlier one.\n\n");
        for (int i = 0; i < 185; i++)
        {
            string topic = s_topics[i % s_topics.Length];
            string action = s_actions[i % s_actions.Length];
            text.Append("Rule ").Append(i + 1).Append(". For questions about ").Append(topic).Append(", ").Append(action)
                .Append(". Use a friendly, direct tone, avoid jargon, and close with one sentence that says what happens next.\n");
        }

        text.Append("\nWorked examples follow. Match their structure, not their wording.\n\n");
        for (int i = 0; i < 100; i++)
        {
            string topic = s_topics[(i * 7) % s_topics.Length];
            text.Append("Example ").Append(i + 1).Append(".\nQuestion: I have a problem with ").Append(topic)
                .Append(" and the usual steps did not help. What should I try next?\nAnswer: Thanks for the detail. For ")
                .Append(topic).Append(", first open Settings, then the section named after the feature, and check that the ")
                .Append("option is enabled for your whole team. If it already is, sign out on every device, sign back in, and ")
                .Append("try again. If the problem remains, reply here and a specialist will look at your workspace.\n\n");
        }

        return text.ToString();
    }

    /// <summary>Builds the messages: system prompt, history, current turn.</summary>
    /// <param name="systemPrompt">The system prompt.</param>
    /// <returns>The messages.</returns>
    public static List<ChatMessage> Messages(string systemPrompt)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, systemPrompt) };
        for (int i = 0; i < 4; i++)
        {
            string topic = s_topics[(i * 4) % s_topics.Length];
            messages.Add(new ChatMessage(ChatRole.User, $"Earlier question {i + 1}: our team still sees trouble with {topic} after following the help article. " +
                string.Concat(Enumerable.Repeat("We tried the steps twice on two different laptops and on a phone, and each time the same screen came back without any explanation. ", 7))));
            messages.Add(new ChatMessage(ChatRole.Assistant, $"Answer {i + 1}: thanks for checking the article first. " +
                string.Concat(Enumerable.Repeat($"For {topic}, open Settings, choose the team section, confirm the option is on for everyone, then sign out and back in on each device. ", 7))));
        }

        messages.Add(new ChatMessage(ChatRole.User, "That worked for the laptops, but the phone still shows the old screen. What should I do on the phone?"));
        return messages;
    }
}
