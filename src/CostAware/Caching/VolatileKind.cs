namespace CostAware;

/// <summary>What kind of per-request content the detector found.</summary>
public enum VolatileKind
{
    /// <summary>A date with a time, such as <c>2026-03-02T09:00:00Z</c> or <c>Mon, 02 Mar 2026 09:00:00 GMT</c>.</summary>
    Timestamp,

    /// <summary>A calendar date, such as <c>2026-03-02</c>, <c>03/02/2026</c> or <c>March 2, 2026</c>.</summary>
    Date,

    /// <summary>A time of day, such as <c>09:00:37</c>.</summary>
    Time,

    /// <summary>A GUID or UUID.</summary>
    UniqueId,

    /// <summary>A request, trace, span, session or correlation id.</summary>
    RequestId,

    /// <summary>A user, customer or account id.</summary>
    UserId,

    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A random-looking token: long hexadecimal or base64 runs, nonces.</summary>
    Nonce,

    /// <summary>A counter such as <c>request #1532</c> or <c>turn 17</c>.</summary>
    Counter,

    /// <summary>Text that changed between consecutive requests of a route inside what should be the stable region.</summary>
    Learned,
}
