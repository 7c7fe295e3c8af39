using System.Text;

namespace CostAware.Simulation;

/// <summary>Writes answer text of real words that tokenizes to an exact number of tokens.</summary>
/// <remarks>Only words that are one token after a space are used, and sentences end in a period that is a token of
/// its own, so the text grows one token per step; the result is still counted with the real counter, and that count
/// is what the simulator reports.</remarks>
internal sealed class AnswerWriter
{
    private static readonly string[] s_candidateWords =
    [
        "the", "model", "data", "system", "request", "answer", "value", "cost", "price", "token", "cache", "time",
        "user", "service", "team", "result", "report", "plan", "project", "order", "customer", "account", "support",
        "update", "change", "review", "process", "policy", "rule", "case", "week", "month", "year", "day", "number",
        "part", "group", "level", "point", "line", "place", "way", "work", "market", "network", "server", "client",
        "memory", "file", "record", "table", "field", "query", "call", "response", "message", "context", "summary",
        "reason", "question", "issue", "problem", "step", "version", "feature", "option", "setting", "limit",
        "budget", "rate", "total", "share", "list", "set", "state", "event", "error", "check", "test", "build", "run",
        "use", "need", "make", "take", "give", "show", "keep", "find", "read", "write", "send", "return", "start",
        "stop", "move", "help", "look", "see", "know", "think", "say", "get", "can", "will", "should", "may", "must",
        "also", "then", "when", "where", "which", "that", "this", "with", "from", "into", "over", "under", "after",
        "before", "about", "more", "most", "less", "each", "every", "some", "many", "much", "new", "old", "good",
        "high", "low", "small", "large", "long", "short", "first", "last", "next", "same", "other", "clear", "simple",
        "fast", "slow", "safe", "real", "full", "early", "late", "and", "or", "but", "for", "to", "of", "in", "on", "at",
        "by", "as", "is", "are", "was", "be", "has", "have", "it", "we", "they", "you", "our", "their", "its", "a",
        "not", "all", "any", "only", "just", "still", "even", "very", "well", "now", "here", "there",
    ];

    private static readonly string[] s_candidateStarters =
        ["The", "This", "We", "It", "In", "For", "Then", "Each", "Our", "When", "That", "Some", "Most", "Next", "First"];

    private readonly ITokenCounter _counter;
    private readonly string[] _words;
    private readonly string[] _starters;

    public AnswerWriter(ITokenCounter counter)
    {
        _counter = counter;
        _words = [.. s_candidateWords.Where(w => counter.CountTokens(" " + w) == 1)];
        _starters = [.. s_candidateStarters.Where(w => counter.CountTokens(w) == 1 && counter.CountTokens(" " + w) == 1)];
        if (_words.Length == 0 || _starters.Length == 0)
        {
            // A counter with an unusual vocabulary still gets text; the count is measured, not assumed.
            _words = s_candidateWords;
            _starters = s_candidateStarters;
        }
    }

    /// <summary>Writes text of about <paramref name="tokens"/> tokens and returns it with its exact count, which is
    /// never more than <paramref name="tokens"/>.</summary>
    public (string Text, int Tokens) Write(int tokens, ulong seed)
    {
        if (tokens <= 0)
        {
            return (string.Empty, 0);
        }

        var random = new SplitMix64(seed);
        var text = new StringBuilder(tokens * 6);
        int written = 0, sentenceLength = 0, sentenceTarget = 6 + random.Next(10);
        while (written < tokens)
        {
            int remaining = tokens - written;
            if (sentenceLength == 0)
            {
                text.Append(written == 0 ? string.Empty : " ").Append(_starters[random.Next(_starters.Length)]);
            }
            else if (sentenceLength >= sentenceTarget || remaining == 1)
            {
                text.Append('.');
                sentenceLength = -1;
                sentenceTarget = 6 + random.Next(10);
            }
            else
            {
                text.Append(' ').Append(_words[random.Next(_words.Length)]);
            }

            sentenceLength++;
            written++;
        }

        string answer = text.ToString();
        int count = _counter.CountTokens(answer);
        while (count > tokens)
        {
            // Only reached with a vocabulary that merges what this one keeps apart: drop words until it fits.
            int cut = answer.LastIndexOf(' ');
            answer = cut > 0 ? answer[..cut] : string.Empty;
            count = _counter.CountTokens(answer);
        }

        return (answer, count);
    }
}
