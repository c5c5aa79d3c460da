using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace IamSnapshot;

/// <summary>
/// Finds the text <see cref="System.Text.Json"/> parses but cannot turn into strings: bytes that are not UTF-8, and
/// <c>\uXXXX</c> escapes of unpaired surrogates (<c>"\ud800"</c>). <c>JsonDocument</c> accepts both and fails only
/// when the value is read, with an exception that names no place; checking the input once up front lets a loader
/// say where the bad text is. Both checks are linear scans, small next to parsing.
/// </summary>
internal static class JsonTextValidator
{
    /// <summary>The first bytes that are not UTF-8, or null when the text is UTF-8.</summary>
    /// <param name="utf8">The input, without a byte order mark.</param>
    /// <returns>The 1-based line and byte column of the problem, and what it is.</returns>
    public static TextProblem? FindInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return null;
        }

        var offset = FirstInvalidUtf8(utf8);
        var length = Math.Min(4, utf8.Length - offset);
        return At(utf8, offset, $"expected UTF-8 text, found the bytes {Convert.ToHexString(utf8.Slice(offset, length))}, which are not UTF-8");
    }

    /// <summary>The first <c>\uXXXX</c> escape of an unpaired surrogate, or null when there is none.</summary>
    /// <param name="json">Syntactically valid JSON (outside strings a backslash would be misread).</param>
    /// <returns>The 1-based line and byte column of the escape, and what it is.</returns>
    public static TextProblem? FindLoneSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var escape = FirstLoneSurrogateEscape(json);
        return escape < 0 ? null : EscapeProblem(json, escape);
    }

    /// <summary>
    /// As <see cref="FindLoneSurrogateEscape(ReadOnlySpan{byte})"/> for JSON that may hold comments (the configuration
    /// file): only string tokens are looked at, so a comment that mentions <c>\ud800</c> is not an error.
    /// </summary>
    /// <param name="json">Syntactically valid JSON, comments allowed.</param>
    /// <param name="options">The reader options the text was parsed with.</param>
    /// <returns>The 1-based line and byte column of the escape, and what it is.</returns>
    public static TextProblem? FindLoneSurrogateEscapeInStrings(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        if (FirstLoneSurrogateEscape(json) < 0)
        {
            // The fast path: no such escape anywhere, comments included.
            return null;
        }

        var reader = new Utf8JsonReader(json, options);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                var inside = FirstLoneSurrogateEscape(reader.ValueSpan);
                if (inside >= 0)
                {
                    return EscapeProblem(json, checked((int)reader.TokenStartIndex) + 1 + inside);
                }
            }
        }

        return null;
    }

    private static TextProblem EscapeProblem(ReadOnlySpan<byte> json, int escape) =>
        At(json, escape, $"expected a string of valid Unicode, found the escape {System.Text.Encoding.ASCII.GetString(json.Slice(escape, 6))} of a surrogate without its pair");

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return utf8.Length;
    }

    /// <summary>
    /// The offset of the first <c>\u</c> escape of a lone surrogate. Backslashes occur only inside strings in valid
    /// JSON, and each starts an escape, so stepping from one escape to the next never misreads <c>\\u…</c>.
    /// </summary>
    private static int FirstLoneSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var i = 0;
        while (i < json.Length)
        {
            var next = json[i..].IndexOf((byte)'\\');
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (i + 1 >= json.Length || json[i + 1] != (byte)'u' || !TryHex(json, i + 2, out var code))
            {
                i += 2;
                continue;
            }

            if (code is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 11 < json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u' && TryHex(json, i + 8, out var low) && low is >= 0xDC00 and <= 0xDFFF)
                {
                    i += 12;
                    continue;
                }

                return i;
            }

            if (code is >= 0xDC00 and <= 0xDFFF)
            {
                return i;
            }

            i += 6;
        }

        return -1;
    }

    private static bool TryHex(ReadOnlySpan<byte> json, int start, out int value)
    {
        value = 0;
        return start + 4 <= json.Length
            && int.TryParse(json.Slice(start, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    private static TextProblem At(ReadOnlySpan<byte> text, int offset, string problem)
    {
        var before = text[..offset];
        var line = before.Count((byte)'\n') + 1;
        var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return new TextProblem(line, column, problem);
    }
}

/// <summary>A place in a text input and what is wrong there.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column, in bytes.</param>
/// <param name="Problem">What was expected and found.</param>
internal sealed record TextProblem(int Line, int Column, string Problem)
{
    /// <summary>The place as error messages write it: <c>line 3, column 17</c>.</summary>
    public string Location => string.Create(CultureInfo.InvariantCulture, $"line {Line}, column {Column}");
}
