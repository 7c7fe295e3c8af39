namespace CostAware;

/// <summary>An ambient attribution that flows with the async context to every model call made inside it.</summary>
/// <example>
/// <code>
/// using (CostScope.Begin(new CostAttribution { Tenant = "acme", Feature = "summaries" }))
/// {
///     await chatClient.GetResponseAsync(messages); // billed to acme / summaries
/// }
/// </code>
/// </example>
/// <remarks>Scopes nest: an inner scope's values replace the outer one's and its tags are merged in. Disposing a
/// scope restores the one that was current when it began.</remarks>
public sealed class CostScope : IDisposable
{
    private static readonly AsyncLocal<CostScope?> s_current = new();

    private readonly CostScope? _parent;
    private bool _disposed;

    private CostScope(CostAttribution attribution, CostScope? parent)
    {
        _parent = parent;
        Attribution = parent is null ? attribution : parent.Attribution.Merge(attribution);
    }

    /// <summary>Gets the attribution in effect in the current async context, or <see cref="CostAttribution.None"/>.</summary>
    public static CostAttribution Current => s_current.Value?.Attribution ?? CostAttribution.None;

    /// <summary>Gets the attribution this scope puts in effect, the outer scopes' values included.</summary>
    public CostAttribution Attribution { get; }

    /// <summary>Begins a scope.</summary>
    /// <param name="attribution">What calls inside the scope are billed to.</param>
    /// <returns>The scope; dispose it to end it.</returns>
    public static CostScope Begin(CostAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        var scope = new CostScope(attribution, s_current.Value);
        s_current.Value = scope;
        return scope;
    }

    /// <summary>Begins a scope from its parts.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="feature">The feature.</param>
    /// <param name="user">The user.</param>
    /// <param name="route">The route.</param>
    /// <returns>The scope; dispose it to end it.</returns>
    public static CostScope Begin(string? tenant = null, string? feature = null, string? user = null, string? route = null) =>
        Begin(new CostAttribution { Tenant = tenant, Feature = feature, User = user, Route = route });

    /// <summary>Ends the scope, restoring the one that was current when it began.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            s_current.Value = _parent;
        }
    }
}
