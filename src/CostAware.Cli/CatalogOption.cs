using System.CommandLine;

namespace CostAware.Cli;

/// <summary>The <c>--catalog</c> option shared by the commands, and the catalog it selects.</summary>
internal static class CatalogOption
{
    /// <summary>Creates the option.</summary>
    /// <returns>The option.</returns>
    public static Option<FileInfo?> Create() => new("--catalog")
    {
        Description = "A price file (LiteLLM's model_prices_and_context_window.json or CostAware's own format) " +
                      "layered over the built-in prices.",
        HelpName = "FILE",
    };

    /// <summary>Builds the catalog: the built-in prices, with the file's prices and adjustments layered on.</summary>
    /// <param name="file">The price file, or <see langword="null"/> for the built-in prices alone.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="CliException">The file is missing or is not valid price data.</exception>
    public static PriceCatalog Load(FileInfo? file)
    {
        if (file is null)
        {
            return PriceCatalog.BuiltIn;
        }

        if (!file.Exists)
        {
            throw new CliException($"price file '{file.FullName}' does not exist.");
        }

        try
        {
            var loaded = PriceCatalogLoader.LoadFile(file.FullName);
            var catalog = PriceCatalog.BuiltIn.WithPrices(loaded.Prices);
            return loaded.Adjustments.Count == 0 ? catalog : catalog.WithAdjustments(loaded.Adjustments);
        }
        catch (PriceCatalogException ex)
        {
            throw new CliException($"price file '{file.FullName}' is not valid: {ex.Message}", ex);
        }
    }
}
