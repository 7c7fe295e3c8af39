using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>The request a <see cref="IDifficultyClassifier"/> scores: its messages and options, with the facts
/// classifiers commonly need computed once.</summary>
public sealed class DifficultyContext
{
    private string? _prompt;
    private int _userTurns = -1;

    /// <summary>Initializes a new instance of the <see cref="DifficultyContext"/> class.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    public DifficultyContext(IReadOnlyList<ChatMessage> messages, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Messages = messages;
        Options = options;
    }

    /// <summary>Creates a context for a single user prompt, as evaluation data and calibration samples hold them.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <returns>The context.</returns>
    public static DifficultyContext ForPrompt(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return new DifficultyContext([new ChatMessage(ChatRole.User, prompt)]);
    }

    /// <summary>Gets the request's messages.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets the request's options.</summary>
    public ChatOptions? Options { get; }

    /// <summary>Gets the text that decides the difficulty: the last user message's text (the current turn), or the
    /// last message's text when no message is from the user.</summary>
    public string Prompt => _prompt ??= FindPrompt(Messages);

    /// <summary>Gets the number of user messages in the conversation (1 on a first turn).</summary>
    public int UserTurns
    {
        get
        {
            if (_userTurns < 0)
            {
                int turns = 0;
                for (int i = 0; i < Messages.Count; i++)
                {
                    if (Messages[i].Role == ChatRole.User)
                    {
                        turns++;
                    }
                }

                _userTurns = turns;
            }

            return _userTurns;
        }
    }

    /// <summary>Gets the number of tools the request offers the model.</summary>
    public int ToolCount => Options?.Tools?.Count ?? 0;

    /// <summary>Gets a value indicating whether the request asks for JSON output (with or without a schema).</summary>
    public bool RequestsJson => Options?.ResponseFormat is ChatResponseFormatJson;

    private static string FindPrompt(IReadOnlyList<ChatMessage> messages)
    {
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                return messages[i].Text;
            }
        }

        return messages.Count == 0 ? string.Empty : messages[^1].Text;
    }
}
