namespace CostAware;

/// <summary>One thing wrong with a price entry: the model, the field and what is wrong.</summary>
/// <param name="ModelId">The model whose entry is wrong, or <see langword="null"/> for the file as a whole.</param>
/// <param name="Field">The field that is wrong.</param>
/// <param name="Message">What is wrong, and what would be valid.</param>
public sealed record PriceCatalogError(string? ModelId, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        ModelId is null ? $"{Field}: {Message}" : $"model '{ModelId}', field '{Field}': {Message}";
}

/// <summary>Thrown when price data is invalid; <see cref="Errors"/> names every model and field at fault.</summary>
public sealed class PriceCatalogException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PriceCatalogException"/> class.</summary>
    /// <param name="errors">Everything found wrong.</param>
    public PriceCatalogException(IReadOnlyList<PriceCatalogError> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Initializes a new instance of the <see cref="PriceCatalogException"/> class.</summary>
    public PriceCatalogException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PriceCatalogException"/> class.</summary>
    /// <param name="message">The message.</param>
    public PriceCatalogException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PriceCatalogException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PriceCatalogException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Errors = [new PriceCatalogError(null, "file", message)];
    }

    /// <summary>Gets everything found wrong.</summary>
    public IReadOnlyList<PriceCatalogError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<PriceCatalogError> errors) => errors.Count switch
    {
        0 => "The price data is invalid.",
        1 => $"The price data is invalid: {errors[0]}.",
        _ => $"The price data has {errors.Count} errors: " + string.Join("; ", errors.Take(10)) +
             (errors.Count > 10 ? $"; and {errors.Count - 10} more." : "."),
    };
}
