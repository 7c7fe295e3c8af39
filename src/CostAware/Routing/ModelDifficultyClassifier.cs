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
public sealed class ModelDifficultyClassifier : IDifficultyClassifier
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
        return ParseRating(response.Text) is int rating ? (rating - 1) / 9.0 : _options.ScoreWhenUnparsed;
    }

    /// <summary>Reads the first whole number from 1 to 10 in a reply.</summary>
    internal static int? ParseRating(string? reply)
    {
        if (string.IsNullOrEmpty(reply))
        {
            return null;
        }

        var text = reply.AsSpan();
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]) || (i > 0 && (char.IsAsciiDigit(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == '-')))
            {
                continue;
            }

            int end = i;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            // "7.5" and "7/10" read as 7; a decimal beyond it is ignored.
            if (int.TryParse(text[i..end], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= 10)
            {
                return value;
            }

            i = end;
        }

        return null;
    }
}
