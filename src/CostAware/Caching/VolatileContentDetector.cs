using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace CostAware;

/// <summary>
/// Finds per-request content (timestamps, dates, ids, e-mail addresses, nonces, counters) in prompt text, and learns
/// the lines of a route's stable region that change from one request to the next.
/// </summary>
/// <remarks>
/// <para>Patterns look for shapes that a stable instruction or example almost never has: ISO and RFC timestamps,
/// dates written with a year, GUIDs, ids introduced by a keyword (<c>user: u-1234</c>, <c>trace_id=…</c>), long
/// random-looking runs. A number in a worked example is not volatile; a number after <c>request #</c> is.</para>
/// <para>Learning: <see cref="Observe"/> compares a route's stable-region lines with those of its previous request.
/// A line that changed while its neighbours did not is remembered by the prefix the two versions share (such as
/// <c>Session nonce: </c>), and from then on that line is flagged as <see cref="VolatileKind.Learned"/> on the
/// route.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed partial class VolatileContentDetector
{
    private const int MinimumLearnedPrefixLength = 4;
    private const int MaximumLearnedPrefixesPerRoute = 64;

    private readonly ConcurrentDictionary<string, RouteMemory> _routes = new(StringComparer.Ordinal);

    /// <summary>Finds the volatile spans of a text, in order of position, without overlaps.</summary>
    /// <param name="text">The text.</param>
    /// <param name="route">The route whose learned lines also apply, or <see langword="null"/>.</param>
    /// <returns>The spans.</returns>
    public IReadOnlyList<VolatileSpan> Detect(string text, string? route = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<VolatileSpan>? spans = null;
        foreach (var (kind, regex) in s_patterns)
        {
            foreach (var match in regex.EnumerateMatches(text))
            {
                Add(ref spans, new VolatileSpan(kind, match.Index, match.Length, text.Substring(match.Index, match.Length)));
            }
        }

        if (route is not null && _routes.TryGetValue(route, out var memory))
        {
            foreach (string prefix in memory.Snapshot())
            {
                int at = 0;
                while ((at = text.IndexOf(prefix, at, StringComparison.Ordinal)) >= 0)
                {
                    bool lineStart = at == 0 || text[at - 1] == '\n';
                    if (lineStart)
                    {
                        int start = at + prefix.Length;
                        int end = text.IndexOf('\n', start);
                        end = end < 0 ? text.Length : end;
                        if (end > start)
                        {
                            Add(ref spans, new VolatileSpan(VolatileKind.Learned, start, end - start, text[start..end]));
                        }
                    }

                    at += prefix.Length;
                }
            }
        }

        if (spans is null)
        {
            return [];
        }

        // Earliest first; on overlap the longer span wins, so "2026-03-02T09:00:00Z" is one timestamp, not a date and a time.
        spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var result = new List<VolatileSpan>(spans.Count);
        foreach (var span in spans)
        {
            if (result.Count > 0 && span.Start < result[^1].End)
            {
                continue;
            }

            result.Add(span);
        }

        return result;
    }

    /// <summary>Compares the stable-region lines of a route's request with those of its previous request and learns
    /// the lines that changed.</summary>
    /// <param name="route">The route.</param>
    /// <param name="stableRegionText">The text of the region that should be the same on every request.</param>
    /// <returns>The line prefixes learned by this observation (empty when nothing new was learned).</returns>
    public IReadOnlyList<string> Observe(string route, string stableRegionText)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(stableRegionText);
        var memory = _routes.GetOrAdd(route, static _ => new RouteMemory());
        return memory.Observe(stableRegionText);
    }

    /// <summary>Returns the line prefixes learned for a route.</summary>
    /// <param name="route">The route.</param>
    /// <returns>The prefixes.</returns>
    public IReadOnlyList<string> GetLearnedPrefixes(string route) =>
        _routes.TryGetValue(route, out var memory) ? memory.Snapshot() : [];

    private static void Add(ref List<VolatileSpan>? spans, VolatileSpan span) => (spans ??= []).Add(span);

    private static readonly (VolatileKind Kind, Regex Regex)[] s_patterns =
    [
        (VolatileKind.Timestamp, IsoTimestamp()),
        (VolatileKind.Timestamp, RfcTimestamp()),
        (VolatileKind.Date, IsoDate()),
        (VolatileKind.Date, SlashDate()),
        (VolatileKind.Date, WrittenDate()),
        (VolatileKind.Time, TimeOfDay()),
        (VolatileKind.UniqueId, GuidPattern()),
        (VolatileKind.Email, Email()),
        (VolatileKind.RequestId, RequestId()),
        (VolatileKind.UserId, UserId()),
        (VolatileKind.Counter, Counter()),
        (VolatileKind.Nonce, HexRun()),
        (VolatileKind.Nonce, Base64Run()),
    ];

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTimestamp();

    [GeneratedRegex(@"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(:\d{2})? ?(GMT|UTC|[+-]\d{4})?", RegexOptions.CultureInvariant)]
    private static partial Regex RfcTimestamp();

    [GeneratedRegex(@"\b\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b\d{1,2}/\d{1,2}/\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2}(st|nd|rd|th)?,? \d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex WrittenDate();

    [GeneratedRegex(@"\b([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<=\b(request|req|trace|span|session|correlation|conversation|message|run|job)[ _-]?(id)?\s*[:=#]\s*)[A-Za-z0-9][A-Za-z0-9_.:-]{2,}[A-Za-z0-9]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RequestId();

    [GeneratedRegex(@"(?<=\b(user|customer|account|member|client|tenant)[ _-]?(id)?\s*[:=#]\s*)[A-Za-z0-9][A-Za-z0-9_.-]{1,}[A-Za-z0-9]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UserId();

    [GeneratedRegex(@"(?<=\b(request|call|turn|attempt|iteration|invocation|sequence|seq)\s*(#|no\.?|number)?\s*)#?\d+\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Counter();

    [GeneratedRegex(@"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{16,}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HexRun();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/=_-])", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();

    /// <summary>What one route's previous request looked like, and the line prefixes learned so far.</summary>
    private sealed class RouteMemory
    {
        private readonly Lock _lock = new();
        private readonly List<string> _prefixes = [];
        private string[]? _previousLines;

        public IReadOnlyList<string> Snapshot()
        {
            lock (_lock)
            {
                return [.. _prefixes];
            }
        }

        public List<string> Observe(string text)
        {
            string[] lines = text.Split('\n');
            lock (_lock)
            {
                string[]? previous = _previousLines;
                _previousLines = lines;
                if (previous is null || previous.Length != lines.Length)
                {
                    return [];
                }

                List<string>? learned = null;
                for (int i = 0; i < lines.Length; i++)
                {
                    if (string.Equals(lines[i], previous[i], StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string prefix = SharedPrefix(lines[i], previous[i]);
                    if (prefix.Length >= MinimumLearnedPrefixLength && !_prefixes.Contains(prefix) &&
                        _prefixes.Count < MaximumLearnedPrefixesPerRoute)
                    {
                        _prefixes.Add(prefix);
                        (learned ??= []).Add(prefix);
                    }
                }

                return learned ?? [];
            }
        }

        // The shared start of two versions of a line, cut back to the last separator so that "Nonce: 7f" and
        // "Nonce: 7a" give "Nonce: ", not "Nonce: 7".
        private static string SharedPrefix(string a, string b)
        {
            int n = 0;
            int max = Math.Min(a.Length, b.Length);
            while (n < max && a[n] == b[n])
            {
                n++;
            }

            while (n > 0 && char.IsLetterOrDigit(a[n - 1]))
            {
                n--;
            }

            return a[..n];
        }
    }
}
