using System.Globalization;
using System.Text.Json;

namespace IamSnapshot.Sources;

/// <summary>
/// Reading helpers shared by the small JSON inputs (credential-report wrapper, password policy, account summary,
/// aliases, providers, MFA devices): file text with byte-order-mark detection, JSON errors turned into
/// <see cref="SnapshotFormatException"/>s, case-insensitive keys (AWS CLI and boto3 write PascalCase, some tools
/// camelCase) and the timestamp forms real files hold.
/// </summary>
internal static class SourceJson
{
    // The CLI writes ISO 8601 with "T" and "+00:00" or "Z"; boto3's str(datetime) uses a space; either may have fractions.
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:sszzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
    ];

    /// <summary>The phrase error messages use for a timestamp.</summary>
    internal const string ExpectedTimestamp = "a timestamp such as 2025-01-28T17:25:12Z or 2023-01-03T10:41:45+00:00";

    /// <summary>
    /// Reads a whole file as text. A byte order mark selects the encoding (Windows PowerShell 5 redirects write
    /// UTF-16LE with one); without one the file is UTF-8.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The text, without the byte order mark.</returns>
    internal static string ReadFile(string path) => File.ReadAllText(path);

    /// <summary>Parses JSON text, turning a syntax error (such as a file cut short) into a located error.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The document; the caller disposes it.</returns>
    internal static JsonDocument Parse(string text, string? filePath)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var expected = ex.LineNumber is null ? "valid JSON" : "valid JSON (the text is malformed or cut short here)";
            throw new SnapshotFormatException(
                filePath, SnapshotFormatException.TextLocation(line, column), expected, line: line, column: column, innerException: ex);
        }
    }

    /// <summary>Finds a property by name, ignoring case (an exact match wins).</summary>
    /// <param name="element">A JSON object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether the object has the property.</returns>
    internal static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Requires a JSON object at <paramref name="path"/>.</summary>
    internal static void RequireObject(JsonElement element, string path, string? filePath, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SnapshotFormatException(filePath, path, what, Describe(element));
        }
    }

    /// <summary>Requires a JSON array at <paramref name="path"/>.</summary>
    internal static void RequireArray(JsonElement element, string path, string? filePath, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new SnapshotFormatException(filePath, path, what, Describe(element));
        }
    }

    /// <summary>Reads a required, non-empty string property.</summary>
    internal static string RequiredString(JsonElement obj, string name, string path, string? filePath)
    {
        var propertyPath = $"{path}.{name}";
        if (!TryGetProperty(obj, name, out var value))
        {
            throw new SnapshotFormatException(filePath, propertyPath, $"a {name} string (the key is missing)");
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
        {
            throw new SnapshotFormatException(filePath, propertyPath, "a non-empty string", Describe(value));
        }

        return value.GetString()!;
    }

    /// <summary>Reads an optional string property; null when absent or JSON null.</summary>
    internal static string? OptionalString(JsonElement obj, string name, string path, string? filePath)
    {
        if (!TryGetProperty(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new SnapshotFormatException(filePath, $"{path}.{name}", "a string", Describe(value));
        }

        return value.GetString();
    }

    /// <summary>Reads an optional timestamp property (UTC); null when absent or JSON null.</summary>
    internal static DateTimeOffset? OptionalTimestamp(JsonElement obj, string name, string path, string? filePath)
    {
        var text = OptionalString(obj, name, path, filePath);
        if (text is null)
        {
            return null;
        }

        if (!TryParseTimestamp(text, out var value))
        {
            throw new SnapshotFormatException(filePath, $"{path}.{name}", ExpectedTimestamp, text);
        }

        return value;
    }

    /// <summary>Parses a timestamp in one of the forms AWS tools write, as UTC.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The instant, in UTC.</param>
    /// <returns>Whether the text is a timestamp in a known form.</returns>
    internal static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        if (DateTimeOffset.TryParseExact(
                text.Trim(),
                TimestampFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out value))
        {
            value = value.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>A short description of a JSON value for "found …" in messages.</summary>
    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => Truncate(element.GetString() ?? string.Empty),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
