using CostAware.Cli.Replay;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Tests.Replay;

public class BatchRequestReaderTests
{
    [Fact]
    public void A_request_becomes_messages_and_options()
    {
        string line = """
            {"custom_id":"x","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","max_completion_tokens":64,
             "temperature":0.5,"messages":[{"role":"developer","content":"Be brief."},
             {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":" there"}]},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"42"}],
             "tools":[{"type":"function","function":{"name":"f","description":"A function.","parameters":{"type":"object","properties":{"a":{"type":"integer"}}}}}]}}
            """.ReplaceLineEndings(string.Empty);

        var request = BatchRequestReader.Read(3, line);

        request.LineNumber.Should().Be(3);
        request.CustomId.Should().Be("x");
        request.Options.ModelId.Should().Be("gpt-4o");
        request.Options.MaxOutputTokens.Should().Be(64);
        request.Options.Temperature.Should().Be(0.5f);
        request.Messages.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool);
        request.Messages[1].Text.Should().Be("Hi there");
        request.Messages[2].Contents.OfType<FunctionCallContent>().Single().Name.Should().Be("f");
        request.Messages[3].Contents.OfType<FunctionResultContent>().Single().CallId.Should().Be("call_1");
        var tool = request.Options.Tools.Should().ContainSingle().Which.Should().BeAssignableTo<AIFunctionDeclaration>().Subject;
        tool.Name.Should().Be("f");
        tool.Description.Should().Be("A function.");
        tool.JsonSchema.GetProperty("properties").GetProperty("a").GetProperty("type").GetString().Should().Be("integer");
    }

    [Theory]
    [InlineData("""{"custom_id":"x","body":{"model":"gpt-4o","messages":[]}}""", "'body.messages' is missing or empty")]
    [InlineData("""{"custom_id":"x","body":{"model":"gpt-4o","messages":[{"role":"robot","content":"hi"}]}}""", "messages[0].role 'robot'")]
    [InlineData("""{"custom_id":"x","url":"/v1/embeddings","body":{"model":"m","messages":[{"role":"user","content":"hi"}]}}""", "not a Chat Completions endpoint")]
    [InlineData("""{"custom_id":"x","body":{"model":"gpt-4o","max_tokens":"ten","messages":[{"role":"user","content":"hi"}]}}""", "'body.max_tokens' must be")]
    [InlineData("""{"custom_id":"x","body":{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url"}]}]}}""", "only text parts")]
    public void A_bad_request_says_what_is_wrong(string line, string expected)
    {
        var read = () => BatchRequestReader.Read(1, line);

        read.Should().Throw<FormatException>().WithMessage($"*{expected}*");
    }
}
