using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace CostAware;

/// <summary>Reads the token log-probabilities OpenAI's Chat Completions API returns, for
/// <see cref="LogProbabilityValidator"/>.</summary>
/// <remarks>OpenAI returns log-probabilities only when asked: set <c>ChatCompletionOptions.IncludeLogProbabilities</c>
/// through <see cref="ChatOptions.RawRepresentationFactory"/>. They are read from the
/// <see cref="ChatCompletion"/> a non-streaming call leaves in <see cref="ChatResponse.RawRepresentation"/>; a
/// response assembled from a stream carries none, and the validator then accepts for want of evidence.</remarks>
public static class OpenAILogProbabilities
{
    /// <summary>Reads the answer's token log-probabilities from a response of the OpenAI Chat Completions API.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The natural-log probability of each content token in order, or <see langword="null"/> when the
    /// response is not an OpenAI chat completion or carries no log-probabilities.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<double>? Extract(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);

        if (response.RawRepresentation is not ChatCompletion completion
            || completion.ContentTokenLogProbabilities is not { Count: > 0 } tokens)
        {
            return null;
        }

        var logProbabilities = new double[tokens.Count];
        for (int i = 0; i < tokens.Count; i++)
        {
            logProbabilities[i] = tokens[i].LogProbability;
        }

        return logProbabilities;
    }
}
