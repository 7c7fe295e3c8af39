namespace CostAware.Tests.TestSupport;

/// <summary>
/// A fact over public data in the workplace's shared folder (<c>../shared/data</c> beside the repository). The data
/// is not part of the repository: on a clone without it, the test is reported as skipped, never as passed.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath)
    {
        if (SharedData.Find(relativePath) is null)
        {
            Skip = $"Shared data '{relativePath}' is not present beside this clone.";
        }
    }
}

public static class SharedData
{
    public static string? Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
