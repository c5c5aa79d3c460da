using System.Text;
using System.Text.Json;

namespace IamSnapshot.Sources;

/// <summary>
/// Reads inputs that are text first and JSON only sometimes (a credential report is CSV, base64 or JSON; a password
/// policy file may hold the CLI's error text), with the same file checks and encoding rules as <see cref="JsonInput"/>.
/// </summary>
internal static class TextInput
{
    /// <summary>The name messages use for text that did not come from a file.</summary>
    public const string UnnamedInput = "(text)";

    /// <summary>
    /// Reads a whole file as text. A byte order mark selects the encoding (Windows PowerShell 5 redirects write
    /// UTF-16LE with one); without one the file is UTF-8.
    /// </summary>
    /// <param name="filePath">The file.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxInputBytes"/>).</param>
    /// <returns>The text, without the byte order mark.</returns>
    /// <exception cref="SnapshotFormatException">The file is missing, a folder, unreadable or too large.</exception>
    public static string ReadFile(string filePath, ImportOptions? options = null)
    {
        // Decoding alone would turn bytes that are not UTF-8 into U+FFFD without a word; a user name or a counter would
        // then be silently different from the account's. Say where they are instead.
        var utf8 = JsonInput.ToUtf8(JsonInput.ReadAllBytes(filePath, options));
        if (JsonTextValidator.FindInvalidUtf8(utf8.Span) is { } encoding)
        {
            throw new SnapshotFormatException(filePath, encoding.Location, encoding.Problem);
        }

        return Encoding.UTF8.GetString(utf8.Span);
    }

    /// <summary>Decodes file bytes as <see cref="ReadFile"/> does (a byte order mark selects the encoding; else UTF-8), replacing what is not UTF-8.</summary>
    /// <param name="bytes">The file content.</param>
    /// <returns>The text, without the byte order mark.</returns>
    public static string Decode(byte[] bytes) => Encoding.UTF8.GetString(JsonInput.ToUtf8(bytes).Span);

    /// <summary>Parses JSON text, turning a syntax error (such as a file cut short) into a located error.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxDepth"/>).</param>
    /// <returns>The document; the caller disposes it.</returns>
    public static JsonDocument ParseJson(string text, string filePath, ImportOptions? options = null) =>
        JsonInput.Parse(Encoding.UTF8.GetBytes(text), filePath, options);

    /// <summary>Shortens a value quoted in a message.</summary>
    public static string Quote(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
