using System.IO.Compression;
using System.Text;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Turns the bytes of a log object into UTF-8 JSON text: undoes gzip (found by its magic bytes, not
/// by the file name, because S3 copies and CLI redirects lose or invent extensions), drops a UTF-8
/// byte-order mark and transcodes UTF-16 and UTF-32 (what Windows PowerShell 5 writes with <c>&gt;</c>).
/// </summary>
internal static class LogStreamDecoder
{
    private const int SniffLength = 4;

    /// <summary>Wraps <paramref name="raw"/> so that reading it gives UTF-8 text; takes ownership of it.</summary>
    /// <returns>The decoded stream and a short description of the layers undone (for diagnostics).</returns>
    /// <exception cref="NotSupportedException">The content is compressed in a format other than gzip.</exception>
    public static async ValueTask<(Stream Stream, string Encoding)> OpenAsync(Stream raw, CancellationToken cancellationToken)
    {
        var layers = new List<string>(2);
        var current = raw;
        try
        {
            for (var depth = 0; ; depth++)
            {
                var prefix = new byte[SniffLength];
                var length = await FillAsync(current, prefix, cancellationToken).ConfigureAwait(false);
                var head = prefix.AsSpan(0, length);

                if (depth < 2 && head is [0x1F, 0x8B, ..])
                {
                    layers.Add("gzip");
                    current = new GZipStream(new ReplayStream(prefix[..length], 0, current), CompressionMode.Decompress);
                    continue;
                }

                RejectOtherCompression(head);
                var (encoding, bomLength, name) = DetectEncoding(head);
                Stream replay = new ReplayStream(prefix[..length], bomLength, current);
                if (encoding is null)
                {
                    layers.Add(name);
                    return (replay, string.Join('+', layers));
                }

                layers.Add(name);
                return (Encoding.CreateTranscodingStream(replay, encoding, Encoding.UTF8, leaveOpen: false), string.Join('+', layers));
            }
        }
        catch
        {
            await current.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static (Encoding? Encoding, int BomLength, string Name) DetectEncoding(ReadOnlySpan<byte> head) => head switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (null, 3, "utf-8 (BOM)"),
        [0xFF, 0xFE, 0x00, 0x00] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4, "utf-32le (BOM)"),
        [0x00, 0x00, 0xFE, 0xFF] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4, "utf-32be (BOM)"),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2, "utf-16le (BOM)"),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2, "utf-16be (BOM)"),

        // JSON starts with ASCII, so UTF-16 without a BOM shows as alternating zero bytes.
        [not 0x00, 0x00, not 0x00, 0x00] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 0, "utf-16le"),
        [0x00, not 0x00, 0x00, not 0x00] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 0, "utf-16be"),
        _ => (null, 0, "utf-8"),
    };

    private static void RejectOtherCompression(ReadOnlySpan<byte> head)
    {
        var format = head switch
        {
            [0x50, 0x4B, 0x03, 0x04] => "zip",
            [0x42, 0x5A, 0x68, ..] => "bzip2",
            [0x28, 0xB5, 0x2F, 0xFD] => "zstd",
            [0xFD, 0x37, 0x7A, 0x58] => "xz",
            _ => null,
        };
        if (format is not null)
        {
            throw new NotSupportedException($"the content is {format}-compressed; only gzip (the format CloudTrail delivers) is read");
        }
    }

    private static async ValueTask<int> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
