using System.Globalization;
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
    public static JsonDocument ParseFile(string filePath, ImportOptions? options = null)
    {
        var bytes = ReadAllBytes(filePath, options);
        return Parse(bytes, filePath, options);
    }

    /// <summary>Reads a whole file, refusing one larger than <see cref="ImportOptions.MaxInputBytes"/> before reading it.</summary>
    public static byte[] ReadAllBytes(string filePath, ImportOptions? options = null)
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
            var limit = (options ?? ImportOptions.Default).MaxInputBytes;
            var length = new FileInfo(filePath).Length;
            if (length > limit)
            {
                throw TooLarge(filePath, length, limit);
            }

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

    public static JsonDocument Parse(ReadOnlyMemory<byte> bytes, string filePath, ImportOptions? options = null)
    {
        options ??= ImportOptions.Default;
        if (bytes.Length > options.MaxInputBytes)
        {
            throw TooLarge(filePath, bytes.Length, options.MaxInputBytes);
        }

        var utf8 = ToUtf8(bytes);
        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new SnapshotFormatException(filePath, "line 1, column 1", "the file is empty; expected a JSON document");
        }

        // JsonDocument accepts bytes that are not UTF-8 and escapes of lone surrogates, then throws an exception that
        // names no place when such a string is read: find them here, where the line and column are known.
        if (JsonTextValidator.FindInvalidUtf8(utf8.Span) is { } encoding)
        {
            throw new SnapshotFormatException(filePath, encoding.Location, encoding.Problem);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = options.MaxDepth });
        }
        catch (JsonException ex)
        {
            // The reader says only "the maximum configured depth has been exceeded": name the option that sets it.
            var hint = ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $" (the limit is ImportOptions.MaxDepth, {options.MaxDepth})"
                : string.Empty;
            throw new SnapshotFormatException(filePath, DescribePosition(ex), "not valid JSON: " + CleanMessage(ex.Message) + hint, ex);
        }

        if (JsonTextValidator.FindLoneSurrogateEscape(utf8.Span) is { } escape)
        {
            document.Dispose();
            throw new SnapshotFormatException(filePath, escape.Location, escape.Problem);
        }

        return document;
    }

    private static SnapshotFormatException TooLarge(string filePath, long length, long limit) => new(
        filePath,
        string.Empty,
        string.Create(CultureInfo.InvariantCulture, $"expected at most {limit:N0} bytes (ImportOptions.MaxInputBytes), found a file of {length:N0} bytes"));

    public static string DescribePosition(JsonException ex) =>
        $"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}";

    public static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.TrimEnd('.', ' ');
    }

    public static string Describe(JsonValueKind kind) => PolicyDocument.Describe(kind);

    /// <summary>
    /// File bytes as UTF-8 without a byte order mark: a UTF-8 mark is dropped, a UTF-16 or UTF-32 one selects the
    /// encoding to transcode from; without one the bytes are taken as UTF-8 (and may still not be; see
    /// <see cref="JsonTextValidator.FindInvalidUtf8"/>). The one place every text reader of the library decides encodings.
    /// </summary>
    public static ReadOnlyMemory<byte> ToUtf8(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return bytes[3..];
        }

        // UTF-32 first: its little-endian mark begins with UTF-16's.
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return Encoding.UTF8.GetBytes(Encoding.UTF32.GetString(span[4..]));
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return Encoding.UTF8.GetBytes(new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetString(span[4..]));
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
