namespace CostAware.Simulation.Tests;

public class AnswerWriterTests
{
    private readonly AnswerWriter _writer = new(SimTestData.Counter);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(150)]
    [InlineData(437)]
    [InlineData(600)]
    [InlineData(5_000)]
    public void The_answer_tokenizes_to_exactly_the_requested_size(int tokens)
    {
        for (ulong seed = 0; seed < 5; seed++)
        {
            var (text, count) = _writer.Write(tokens, seed);

            count.Should().Be(tokens);
            SimTestData.Counter.CountTokens(text).Should().Be(tokens);
        }
    }

    [Fact]
    public void The_answer_is_made_of_sentences_of_real_words()
    {
        var (text, _) = _writer.Write(200, 42);

        text.Should().MatchRegex("^[A-Z][a-z]+( [a-z]+| [A-Z][a-z]+|\\.)+$");
        text.Split(". ").Should().HaveCountGreaterThan(5);
    }

    [Fact]
    public void The_same_seed_writes_the_same_answer()
    {
        _writer.Write(300, 7).Should().Be(_writer.Write(300, 7));
        _writer.Write(300, 7).Text.Should().NotBe(_writer.Write(300, 8).Text);
    }

    [Fact]
    public void Zero_tokens_write_nothing()
    {
        _writer.Write(0, 1).Should().Be((string.Empty, 0));
    }
}
