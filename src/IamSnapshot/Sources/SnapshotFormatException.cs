using System.Globalization;

namespace IamSnapshot.Sources;

/// <summary>
/// An input file is not what it should be. The message names the file, the place in it (a JSON path,
/// or a line and column) and what was expected, so a user can fix the input without a stack trace:
/// <c>report.csv: line 4, column 88 (access_key_1_last_rotated): expected a date …, found '2016/10/11'</c>.
/// </summary>
/// <remarks>
/// <see cref="Location"/> is a JSON path for JSON input (<c>$.SummaryMap.Users</c>) or <c>line L, column C</c> for a
/// text position; <see cref="Line"/> and <see cref="Column"/> repeat a text position as numbers. Text wrapped in
/// another document, such as the CSV inside a <c>GetCredentialReport</c> JSON <c>Content</c>, is located inside the
/// wrapped text and <see cref="Location"/> says so (<c>$.Content, line 3, column 1</c>).
/// </remarks>
public sealed class SnapshotFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file (or folder) that holds the problem.</param>
    /// <param name="location">Where in the file: a JSON path such as <c>$.RoleDetailList[3].RoleName</c>, or <c>line 4, column 7</c>; empty when the problem is the file itself.</param>
    /// <param name="expected">What was expected, in words.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SnapshotFormatException(string filePath, string location, string expected, Exception? innerException = null)
        : base(Format(filePath, location, expected, found: null), innerException)
    {
        FilePath = filePath;
        Location = location;
        Expected = expected;
        (Line, Column) = ParseTextPosition(location);
    }

    /// <summary>Creates the exception, quoting the value that was found.</summary>
    /// <param name="filePath">The file (or folder) that holds the problem.</param>
    /// <param name="location">Where in the file: a JSON path, or <c>line L, column C</c>.</param>
    /// <param name="expected">What was expected, in words (<c>expected true or false</c>).</param>
    /// <param name="found">The value found instead, quoted in the message.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SnapshotFormatException(string filePath, string location, string expected, string found, Exception? innerException = null)
        : base(Format(filePath, location, expected, found), innerException)
    {
        FilePath = filePath;
        Location = location;
        Expected = expected;
        Found = found;
        (Line, Column) = ParseTextPosition(location);
    }

    /// <summary>Creates the exception.</summary>
    public SnapshotFormatException()
        : this("(unknown file)", "$", "invalid input")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected.</param>
    public SnapshotFormatException(string message)
        : this("(unknown file)", "$", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected.</param>
    /// <param name="innerException">The underlying error.</param>
    public SnapshotFormatException(string message, Exception innerException)
        : this("(unknown file)", "$", message, innerException)
    {
    }

    /// <summary>The file (or folder) that holds the problem.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file the problem is: a JSON path, or a line and column.</summary>
    public string Location { get; }

    /// <summary>What was expected.</summary>
    public string Expected { get; }

    /// <summary>The value found instead, when the message quotes it; otherwise null.</summary>
    public string? Found { get; }

    /// <summary>The 1-based line when <see cref="Location"/> holds a text position (<c>line L, column C</c>); otherwise null.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column, in characters, when <see cref="Location"/> holds a text position; otherwise null.</summary>
    public int? Column { get; }

    /// <summary>Formats a text position as <see cref="Location"/> holds it: <c>line 3, column 17</c>.</summary>
    internal static string TextLocation(int line, int column) =>
        string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}");

    private static string Format(string filePath, string location, string expected, string? found)
    {
        var text = found is null ? expected : $"{expected}, found '{found}'";
        return location.Length == 0 ? $"{filePath}: {text}" : $"{filePath}: {location}: {text}";
    }

    /// <summary>Finds <c>line L, column C</c> anywhere in a location (it may follow a JSON path or precede a column name).</summary>
    private static (int? Line, int? Column) ParseTextPosition(string location)
    {
        var at = location.IndexOf("line ", StringComparison.Ordinal);
        if (at < 0)
        {
            return (null, null);
        }

        var rest = location.AsSpan(at + "line ".Length);
        var digits = CountDigits(rest);
        if (digits == 0 || !int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var line))
        {
            return (null, null);
        }

        rest = rest[digits..];
        const string columnPrefix = ", column ";
        if (!rest.StartsWith(columnPrefix, StringComparison.Ordinal))
        {
            return (line, null);
        }

        rest = rest[columnPrefix.Length..];
        digits = CountDigits(rest);
        return digits > 0 && int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var column)
            ? (line, column)
            : (line, null);
    }

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (count < text.Length && char.IsAsciiDigit(text[count]))
        {
            count++;
        }

        return count;
    }
}
