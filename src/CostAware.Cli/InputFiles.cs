namespace CostAware.Cli;

/// <summary>Reads line-oriented input files.</summary>
internal static class InputFiles
{
    /// <summary>Reads every line of a file, failing with a message the user can act on.</summary>
    /// <param name="file">The file.</param>
    /// <returns>The lines.</returns>
    /// <exception cref="CliException">The file does not exist or cannot be read.</exception>
    public static string[] ReadLines(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            throw new CliException($"input file '{file.FullName}' does not exist.");
        }

        try
        {
            return File.ReadAllLines(file.FullName);
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read '{file.FullName}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"cannot read '{file.FullName}': {ex.Message}", ex);
        }
    }
}
