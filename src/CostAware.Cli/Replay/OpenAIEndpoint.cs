using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace CostAware.Cli.Replay;

/// <summary>A real OpenAI-compatible endpoint, reached through Microsoft.Extensions.AI.OpenAI.</summary>
internal static class OpenAIEndpoint
{
    /// <summary>The environment variable that holds the API key.</summary>
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>The environment variable that holds an alternative base address, such as a gateway's.</summary>
    public const string BaseUrlVariable = "OPENAI_BASE_URL";

    /// <summary>The default base address.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1");

    /// <summary>Reads the endpoint's key and address from the environment.</summary>
    /// <param name="context">The environment.</param>
    /// <returns>The key and address.</returns>
    /// <exception cref="CliException">The key is not set, or the address is not an absolute http(s) URL.</exception>
    public static (string ApiKey, Uri BaseUrl) FromEnvironment(CliContext context)
    {
        string? key = context.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new CliException($"--provider openai needs an API key in {ApiKeyVariable}.");
        }

        string? url = context.GetEnvironmentVariable(BaseUrlVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            return (key, DefaultBaseUrl);
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? (key, uri)
            : throw new CliException($"{BaseUrlVariable} '{url}' is not an absolute http or https URL.");
    }

    /// <summary>Returns a factory of clients that send requests to the endpoint, one per model.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <param name="baseUrl">The base address.</param>
    /// <returns>Creates the client of a model.</returns>
    public static Func<string, IChatClient> CreateModelClients(string apiKey, Uri baseUrl)
    {
        var client = new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = baseUrl });
        return model => client.GetChatClient(model).AsIChatClient();
    }
}
