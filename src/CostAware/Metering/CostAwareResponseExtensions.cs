using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Reads the cost the token meter attached to a response.</summary>
public static class CostAwareResponseExtensions
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key under which the meter attaches the call's
    /// <see cref="CostLedgerEntry"/>.</summary>
    public const string CostEntryKey = "costaware.cost";

    /// <summary>Returns the ledger entry the token meter attached, or <see langword="null"/> if no meter priced the
    /// response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The entry.</returns>
    /// <remarks>A streamed response rebuilt with <c>ToChatResponseAsync</c> carries the entry on its last message when
    /// the provider's updates have message ids (Microsoft.Extensions.AI scopes update properties to the message then);
    /// this method looks on the response first, then on its messages, newest first.</remarks>
    public static CostLedgerEntry? GetCostEntry(this ChatResponse response) => response.FindProperty<CostLedgerEntry>(CostEntryKey);

    internal static T? FindProperty<T>(this ChatResponse response, string key)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.AdditionalProperties?.TryGetValue(key, out var value) == true && value is T found)
        {
            return found;
        }

        for (int i = response.Messages.Count - 1; i >= 0; i--)
        {
            if (response.Messages[i].AdditionalProperties?.TryGetValue(key, out value) == true && value is T onMessage)
            {
                return onMessage;
            }
        }

        return null;
    }

    /// <summary>Returns the ledger entry the token meter attached to a streamed update, or <see langword="null"/>.
    /// The meter attaches it to the last update of a stream.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The entry.</returns>
    public static CostLedgerEntry? GetCostEntry(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(CostEntryKey, out var value) == true ? value as CostLedgerEntry : null;
    }

    /// <summary>Returns the cost in US dollars the token meter attached, or <see langword="null"/> when the response
    /// was not metered or its model is unpriced.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The cost.</returns>
    public static decimal? GetCostUsd(this ChatResponse response) => response.GetCostEntry()?.CostUsd;
}
