using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace IamSnapshot.Aws.Fakes;

/// <summary>Renders Query-API XML the way IAM and STS send it: one namespace, no indentation, URL-encoded documents, ISO dates.</summary>
public static class FakeXml
{
    /// <summary>The IAM namespace.</summary>
    public const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    /// <summary>The STS namespace.</summary>
    public const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static readonly HashSet<string> Documents = ["PolicyDocument", "AssumeRolePolicyDocument", "Document"];
    private static readonly HashSet<string> Dates = ["CreateDate", "UpdateDate", "LastUsedDate", "EnableDate", "UploadDate", "Expiration", "ValidUntil"];

    /// <summary>Writes a success envelope whose result is written by <paramref name="result"/>.</summary>
    public static byte[] Response(string ns, string operation, Action<XmlWriter> result)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true }))
        {
            writer.WriteStartElement(operation + "Response", ns);
            writer.WriteStartElement(operation + "Result", ns);
            result(writer);
            writer.WriteEndElement();
            writer.WriteStartElement("ResponseMetadata", ns);
            writer.WriteElementString("RequestId", ns, Guid.NewGuid().ToString());
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes an error envelope.</summary>
    public static byte[] Error(string ns, string code, string message, string type = "Sender")
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true }))
        {
            writer.WriteStartElement("ErrorResponse", ns);
            writer.WriteStartElement("Error", ns);
            writer.WriteElementString("Type", ns, type);
            writer.WriteElementString("Code", ns, code);
            writer.WriteElementString("Message", ns, message);
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", ns, Guid.NewGuid().ToString());
            writer.WriteEndElement();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a JSON value (CLI shape) as Query-API XML: arrays as member lists, documents URL-encoded.</summary>
    public static void WriteJson(XmlWriter writer, string ns, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when Documents.Contains(name):
                writer.WriteElementString(name, ns, EncodeDocument(value));
                break;
            case JsonValueKind.Object:
                writer.WriteStartElement(name, ns);
                foreach (var property in value.EnumerateObject())
                {
                    WriteJson(writer, ns, property.Name, property.Value);
                }

                writer.WriteEndElement();
                break;
            case JsonValueKind.Array:
                writer.WriteStartElement(name, ns);
                foreach (var item in value.EnumerateArray())
                {
                    WriteJson(writer, ns, "member", item);
                }

                writer.WriteEndElement();
                break;
            case JsonValueKind.String:
                writer.WriteElementString(name, ns, Scalar(name, value.GetString()!));
                break;
            case JsonValueKind.Number:
                writer.WriteElementString(name, ns, value.GetRawText());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteElementString(name, ns, value.ValueKind == JsonValueKind.True ? "true" : "false");
                break;
            default:
                break;
        }

        string Scalar(string elementName, string text)
        {
            if (Documents.Contains(elementName))
            {
                // An already URL-encoded string stays as is; an escaped document is the JSON text itself.
                return text.TrimStart().StartsWith('%') ? text : Uri.EscapeDataString(text);
            }

            return Dates.Contains(elementName) ? IsoDate(text) : text;
        }
    }

    /// <summary>Writes a document element from a JSON object, URL-encoded.</summary>
    public static string EncodeDocument(JsonElement document) => Uri.EscapeDataString(document.GetRawText());

    /// <summary>Any date form the realdata files use, as IAM writes it on the wire.</summary>
    public static string IsoDate(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : text;

    /// <summary>Writes a document element: objects are URL-encoded JSON.</summary>
    public static void WriteDocument(XmlWriter writer, string ns, string name, JsonElement document)
    {
        if (document.ValueKind == JsonValueKind.Object)
        {
            writer.WriteElementString(name, ns, EncodeDocument(document));
        }
        else
        {
            WriteJson(writer, ns, name, document);
        }
    }
}
