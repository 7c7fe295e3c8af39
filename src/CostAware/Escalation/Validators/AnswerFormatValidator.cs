using System.Text.RegularExpressions;

namespace CostAware;

/// <summary>Accepts an answer whose text matches a pattern, for example GSM8K's final line <c>#### 42</c> or
/// "The answer is 42": a cheap model that drifts from the required format is escalated.</summary>
/// <remarks>This type is thread-safe. It makes no model call and reads only the response text, so it works on
/// recorded answers as well as live ones.</remarks>
public sealed class AnswerFormatValidator : IAnswerValidator
{
    /// <summary>The validator's name unless one is given.</summary>
    public const string DefaultName = "answer-format";

    private readonly Regex _pattern;

    /// <summary>Initializes a new instance of the <see cref="AnswerFormatValidator"/> class.</summary>
    /// <param name="pattern">The pattern the answer text must contain a match of (use anchors to require more).</param>
    /// <param name="name">The validator's name; <c>answer-format</c> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public AnswerFormatValidator(Regex pattern, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (name is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
        }

        _pattern = pattern;
        Name = name ?? DefaultName;
    }

    /// <summary>Gets the pattern the answer text must contain a match of.</summary>
    public Regex Pattern => _pattern;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var verdict = _pattern.IsMatch(context.Response.Text)
            ? ValidationVerdict.Accept(Name, $"The answer matches the expected format /{_pattern}/.")
            : ValidationVerdict.Reject(Name, $"The answer does not match the expected format /{_pattern}/.");
        return ValueTask.FromResult(verdict);
    }
}
