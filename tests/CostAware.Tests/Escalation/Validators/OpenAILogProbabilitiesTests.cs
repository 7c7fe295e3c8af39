using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using CostAware.Tests.Integration;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace CostAware.Tests.Escalation.Validators;

/// <summary>The log-probability validator over the real OpenAI SDK and adapter, against a loopback server that
/// answers with Chat Completions payloads carrying <c>logprobs</c>.</summary>
public sealed class OpenAILogProbabilitiesTests : IAsyncLifetime
{
    private readonly LoopbackServer _server = LoopbackServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_token_log_probabilities_of_a_chat_completion_are_read_in_order()
    {
        _server.ReplyJson(Completion("42",
            """
            {"content":[{"token":"4","logprob":-0.25,"bytes":[52],"top_logprobs":[]},
                        {"token":"2","logprob":-0.75,"bytes":[50],"top_logprobs":[]}],"refusal":null}
            """));
        using var client = CreateClient();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "What is 17 + 25?")], AskForLogProbabilities());

        OpenAILogProbabilities.Extract(response).Should().Equal(-0.25, -0.75);
        var body = JsonDocument.Parse(_server.Requests.Should().ContainSingle().Subject.Body).RootElement;
        body.GetProperty("logprobs").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_confident_answer_passes_and_an_unsure_one_fails_the_validator()
    {
        _server
            .ReplyJson(Completion("42", """{"content":[{"token":"42","logprob":-0.05,"bytes":[52,50],"top_logprobs":[]}],"refusal":null}"""))
            .ReplyJson(Completion("41", """{"content":[{"token":"41","logprob":-2.0,"bytes":[52,49],"top_logprobs":[]}],"refusal":null}"""));
        using var client = CreateClient();
        var validator = AnswerValidators.LogProbability(OpenAILogProbabilities.Extract, minimumMeanTokenProbability: 0.9);
        var tier = new EscalationTier("small", client);

        var confident = await client.GetResponseAsync(ValidationContexts.Question, AskForLogProbabilities());
        var unsure = await client.GetResponseAsync(ValidationContexts.Question, AskForLogProbabilities());
        var confidentVerdict = await validator.ValidateAsync(new AnswerValidationContext(ValidationContexts.Question, null, confident, tier, 1));
        var unsureVerdict = await validator.ValidateAsync(new AnswerValidationContext(ValidationContexts.Question, null, unsure, tier, 1));

        // The SDK reads log-probabilities as float, so -0.05 arrives as the float nearest to it.
        confidentVerdict.Should().Be(new ValidationVerdict("log-probability", true, Math.Exp(-0.05f),
            "The mean token probability over 1 tokens is 0.9512, at or above 0.9."));
        unsureVerdict.Should().Be(new ValidationVerdict("log-probability", false, Math.Exp(-2d),
            "The mean token probability over 1 tokens is 0.1353, below 0.9."));
    }

    [Fact]
    public async Task A_completion_without_log_probabilities_gives_none_and_the_validator_accepts()
    {
        _server.ReplyJson(Completion("42", "null"));
        using var client = CreateClient();

        var response = await client.GetResponseAsync(ValidationContexts.Question);
        var verdict = await AnswerValidators.LogProbability(OpenAILogProbabilities.Extract)
            .ValidateAsync(new AnswerValidationContext(ValidationContexts.Question, null, response, new EscalationTier("small", client), 1));

        OpenAILogProbabilities.Extract(response).Should().BeNull();
        verdict.Accepted.Should().BeTrue();
        verdict.Reason.Should().Be("No log-probabilities were available, so there is no evidence against the answer.");
    }

    [Fact]
    public void A_response_from_another_provider_gives_none()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "42")) { RawRepresentation = "not a completion" };

        OpenAILogProbabilities.Extract(response).Should().BeNull();
        FluentActions.Invoking(() => OpenAILogProbabilities.Extract(null!)).Should().Throw<ArgumentNullException>().WithParameterName("response");
    }

    private static ChatOptions AskForLogProbabilities() =>
        new() { RawRepresentationFactory = _ => new ChatCompletionOptions { IncludeLogProbabilities = true } };

    private IChatClient CreateClient()
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        return new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), options).AsIChatClient();
    }

    private static string Completion(string text, string logprobs) =>
        $$"""
        {"id":"chatcmpl-loopback","object":"chat.completion","created":1764806400,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":{{JsonSerializer.Serialize(text)}},"refusal":null,"annotations":[]},"logprobs":{{logprobs}},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":14,"completion_tokens":1,"total_tokens":15},"system_fingerprint":"fp_loopback"}
        """;
}
