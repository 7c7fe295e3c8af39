using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Marks a content as a reference document with an id, so the prefix orderer can send a set of documents
/// in a deterministic order (the same documents give the same prefix whatever order retrieval returned them in).</summary>
public static class PromptDocumentExtensions
{
    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key of the document id.</summary>
    public const string DocumentIdKey = "costaware.document_id";

    /// <summary>Marks a content as a document.</summary>
    /// <typeparam name="T">The content type.</typeparam>
    /// <param name="content">The content.</param>
    /// <param name="documentId">The document's id.</param>
    /// <returns>The same content, for chaining.</returns>
    public static T AsPromptDocument<T>(this T content, string documentId)
        where T : AIContent
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        (content.AdditionalProperties ??= [])[DocumentIdKey] = documentId;
        return content;
    }

    /// <summary>Reads a content's document id.</summary>
    /// <param name="content">The content.</param>
    /// <returns>The id, or <see langword="null"/>.</returns>
    public static string? GetPromptDocumentId(this AIContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content.AdditionalProperties?.TryGetValue(DocumentIdKey, out var value) == true ? value as string : null;
    }
}
