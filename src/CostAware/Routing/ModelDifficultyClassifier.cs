using System.Globalization;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>A difficulty classifier that asks a cheap model to rate how hard a request is, on a scale of 1 to 10.</summary>
/// <remarks>
/// <para>The rating call goes through the client given, so put a token meter on it: it is then priced and recorded
/// like any other call. The call carries the request's cost attribution and a <see cref="CallCorrelation"/> whose tier
/// is <see cref="RatingTierName"/>, so the ledger shows what routing itself cost.</para>
/// <para>A reply without a rating from 1 to 10 gives <see cref="ModelDifficultyOptions.ScoreWhenUnparsed"/>
/// (by default 1, the strongest tier: an unreadable rating must not send a hard request to a weak model).</para>
/// </remarks>
public sealed partial class ModelDifficultyClassifier : IDifficultyClassifier
{
    /// <summary>The tier name the rating call's <see cref="CallCorrelation"/> carries.</summary>
    public const string RatingTierName = "router-rating";

    private readonly IChatClient _rater;
    private readonly ModelDifficultyOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ModelDifficultyClassifier"/> class.</summary>
    /// <param name="rater">The (cheap, metered) client that rates requests.</param>
    /// <param name="options">The options.</param>
    public ModelDifficultyClassifier(IChatClient rater, ModelDifficultyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rater);
        _rater = rater;
        _options = options ?? new ModelDifficultyOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(_options.Instructions, nameof(options));
        if (!(_options.ScoreWhenUnparsed is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ScoreWhenUnparsed, $"{nameof(ModelDifficultyOptions)}.{nameof(ModelDifficultyOptions.ScoreWhenUnparsed)} must be between 0 and 1.");
        }
    }

    /// <inheritdoc />
    public async ValueTask<double> ScoreAsync(DifficultyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new CallCorrelation(CostLedgerEntry.NewId(), 1, RatingTierName, IsEscalation: false).ApplyTo(null);
        options.ModelId = _options.ModelId;
        options.MaxOutputTokens = _options.MaxOutputTokens;
        options.Temperature = 0;
        if (context.Options.GetCostAttribution() is { } attribution)
        {
            options.WithCostAttribution(attribution);
        }

        ChatMessage[] messages =
        [
            new(ChatRole.System, _options.Instructions),
            new(ChatRole.User, context.Prompt),
        ];
        var response = await _rater.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);

        // A reply cut off by the output limit ("On a scale of 1") is not a rating.
        return response.FinishReason != ChatFinishReason.Length && ParseRating(response.Text) is int rating
            ? (rating - 1) / 9.0
            : _options.ScoreWhenUnparsed;
    }

    /// <summary>Reads the rating in a reply: the whole reply when it is a number, else the last whole number from 1 to
    /// 10 once mentions of the scale itself ("1-10", "1 to 10", the "/10" of "7/10") are set aside.</summary>
    internal static int? ParseRating(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        string text = reply.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int whole))
        {
            return whole is >= 1 and <= 10 ? whole : null;
        }

        text = ScaleMention().Replace(text, " ");
        int? last = null;
        foreach (System.Text.RegularExpressions.Match match in WholeNumber().Matches(text))
        {
            if (int.TryParse(match.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= 10)
            {
                last = value;
            }
        }

        return last;
    }

    // "1-10", "1 – 10", "1 to 10", "(1..10)", and the denominator of "7/10" or "7 / 10".
    [System.Text.RegularExpressions.GeneratedRegex(@"\b1\s*(?:-|–|—|to|\.\.)\s*10\b|/\s*10\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ScaleMention();

    // A whole number not glued to a decimal point or minus sign: "3.5" reads as 3, "-2" is skipped.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.\-])\d+", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex WholeNumber();
}
