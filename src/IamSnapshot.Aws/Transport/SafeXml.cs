using System.Xml;
using System.Xml.Linq;

namespace IamSnapshot.Aws.Transport;

/// <summary>
/// Reads XML from AWS with DTD processing prohibited and no resolver, so a hostile or spoofed endpoint cannot
/// expand entities or make the process fetch URLs. Elements are matched by local name because every IAM and STS
/// element lives in a versioned namespace.
/// </summary>
internal static class SafeXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
        MaxCharactersFromEntities = 0,
    };

    /// <summary>Parses a whole document.</summary>
    /// <param name="body">The bytes.</param>
    /// <returns>The document.</returns>
    /// <exception cref="XmlException">The bytes are not well-formed XML or contain a DTD.</exception>
    public static XDocument Parse(ReadOnlyMemory<byte> body)
    {
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, Settings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    /// <summary>The first child element with the given local name, or null.</summary>
    /// <param name="parent">The parent element.</param>
    /// <param name="localName">The local name.</param>
    /// <returns>The element, or null.</returns>
    public static XElement? Child(this XElement parent, string localName)
    {
        foreach (var element in parent.Elements())
        {
            if (element.Name.LocalName == localName)
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>The trimmed text of the named child, or null when the child is absent.</summary>
    /// <param name="parent">The parent element.</param>
    /// <param name="localName">The local name.</param>
    /// <returns>The text, or null.</returns>
    public static string? ChildText(this XElement parent, string localName) => parent.Child(localName)?.Value.Trim();

    /// <summary>The <c>member</c> children of the named list child; empty when the list is absent or empty.</summary>
    /// <param name="parent">The parent element.</param>
    /// <param name="listName">The list's local name.</param>
    /// <returns>The members.</returns>
    public static IEnumerable<XElement> Members(this XElement parent, string listName) =>
        parent.Child(listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];
}
