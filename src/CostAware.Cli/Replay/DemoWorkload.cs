namespace CostAware.Cli.Replay;

/// <summary>The workload replayed when no file is given: a support assistant, bundled with the command.</summary>
internal static class DemoWorkload
{
    /// <summary>The name the workload is reported under.</summary>
    public const string Name = "bundled demo workload (support assistant)";

    private const string ResourceName = "CostAware.Cli.Resources.demo-workload.jsonl";

    /// <summary>Reads the workload's lines.</summary>
    /// <returns>The lines, one Batch API request each.</returns>
    public static string[] ReadLines()
    {
        using var stream = typeof(DemoWorkload).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource '{ResourceName}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }
}
