using CostAware.Cli.Routing;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Tests.Routing;

// Runs the real local model (about a second to load, milliseconds per sentence), so the adapter is checked offline.
public class MiniLmEmbeddingGeneratorTests
{
    [Fact]
    public async Task Texts_are_embedded_in_batches_as_unit_vectors_in_input_order()
    {
        using var generator = new MiniLmEmbeddingGenerator(batchSize: 2);
        string[] texts = ["How do I bake bread?", "What is a good recipe for baking bread at home?", "Prove Fermat's last theorem."];

        var embeddings = await generator.GenerateAsync(texts);

        embeddings.Should().HaveCount(3);
        embeddings.Should().OnlyContain(static e => e.Vector.Length == MiniLmEmbeddingGenerator.Dimensions && e.ModelId == MiniLmEmbeddingGenerator.ModelName);
        foreach (var embedding in embeddings)
        {
            Math.Sqrt(Dot(embedding.Vector.Span, embedding.Vector.Span)).Should().BeApproximately(1, 1e-4);
        }

        // The two bread questions sit closer to each other than to the proof, whichever batch they landed in.
        Dot(embeddings[0].Vector.Span, embeddings[1].Vector.Span).Should().BeGreaterThan(Dot(embeddings[1].Vector.Span, embeddings[2].Vector.Span));

        // The same text gives the same vector alone as in a batch.
        var alone = await generator.GenerateAsync([texts[2]]);
        Dot(alone[0].Vector.Span, embeddings[2].Vector.Span).Should().BeApproximately(1, 1e-4);
    }

    [Fact]
    public async Task Metadata_services_empty_input_cancellation_and_disposal_behave()
    {
        var generator = new MiniLmEmbeddingGenerator();
        generator.GetService<EmbeddingGeneratorMetadata>().Should().BeSameAs(generator.Metadata);
        generator.Metadata.DefaultModelId.Should().Be("all-MiniLM-L6-v2");
        generator.Metadata.DefaultModelDimensions.Should().Be(384);
        generator.GetService<MiniLmEmbeddingGenerator>().Should().BeSameAs(generator);
        generator.GetService(typeof(EmbeddingGeneratorMetadata), serviceKey: "other").Should().BeNull();

        (await generator.GenerateAsync([])).Should().BeEmpty();

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var cancel = () => generator.GenerateAsync(["text"], cancellationToken: cancelled.Token);
        await cancel.Should().ThrowAsync<OperationCanceledException>();

        generator.Dispose();
        var afterDispose = () => generator.GenerateAsync(["text"]);
        await afterDispose.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
