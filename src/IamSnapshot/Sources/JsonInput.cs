using System.Text;
using System.Text.Json;
using IamSnapshot.Policies;

namespace IamSnapshot.Sources;

/// <summary>
/// Reads a JSON input file whatever its encoding (UTF-8 with or without BOM, UTF-16 with BOM, as Windows
/// PowerShell redirects write it) and turns every way it can be wrong into a <see cref="SnapshotFormatException"/>.
/// </summary>
internal static class JsonInput
{
    /// <summary>Deepest nesting accepted; real IAM files need far less, hostile ones must not exhaust the stack.</summary>
    public const int MaxDepth = 128;

    public static JsonDocument ParseFile(string filePath)
    {
        var bytes = ReadAllBytes(filePath);
        return Parse(bytes, filePath);
    }

    public static byte[] ReadAllBytes(string filePath)
    {
        if (Directory.Exists(filePath))
        {
            throw new SnapshotFormatException(filePath, "", "is a folder; expected a JSON file");
        }

        if (!File.Exists(filePath))
        {
            throw new SnapshotFormatException(filePath, "", "the file does not exist");
        }

        try
        {
            return File.ReadAllBytes(filePath);
        }
        catch (IOException ex)
        {
            throw new SnapshotFormatException(filePath, "", "the file cannot be read: " + ex.Message, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new SnapshotFormatException(filePath, "", "the file cannot be read: " + ex.Message, ex);
        }
    }

    public static JsonDocument Parse(ReadOnlyMemory<byte> bytes, string filePath)
    {
        var utf8 = ToUtf8(bytes);
        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new SnapshotFormatException(filePath, "line 1, column 1", "the file is empty; expected a JSON document");
        }

        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new SnapshotFormatException(filePath, DescribePosition(ex), "not valid JSON: " + CleanMessage(ex.Message), ex);
        }
        catch (ArgumentException ex)
        {
            // Invalid UTF-8 surfaces as an ArgumentException from the transcoder in some paths.
            throw new SnapshotFormatException(filePath, "(content)", "not valid UTF-8 JSON: " + ex.Message, ex);
        }
    }

    public static string DescribePosition(JsonException ex) =>
        $"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}";

    public static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.TrimEnd('.', ' ');
    }

    public static string Describe(JsonValueKind kind) => PolicyDocument.Describe(kind);

    private static ReadOnlyMemory<byte> ToUtf8(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return bytes[3..];
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(span[2..]));
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(span[2..]));
        }

        return bytes;
    }
}
