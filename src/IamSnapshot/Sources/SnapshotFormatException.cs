using System.Globalization;

namespace IamSnapshot.Sources;

/// <summary>
/// Thrown when an input file (authorization details, credential report, password policy, a saved snapshot…)
/// cannot be read. It names the file, the place in it and what was expected there, so that a user can fix the
/// input without a debugger: <c>report.csv: line 4, column 88 (access_key_1_last_rotated): expected a date …, found '2016/10/11'</c>.
/// </summary>
/// <remarks>
/// <see cref="Location"/> is a JSON path for JSON input (<c>$.SummaryMap.Users</c>) or <c>line L, column C</c> for
/// text input such as CSV; <see cref="Line"/> and <see cref="Column"/> repeat it as numbers when it is a text
/// position. Input wrapped in another document (the CSV inside a <c>GetCredentialReport</c> JSON <c>Content</c>) is
/// located inside the wrapped text, and <see cref="Location"/> says so (<c>$.Content, line 3, column 1</c>).
/// </remarks>
public sealed class SnapshotFormatException : FormatException
{
    /// <summary>Creates the exception for a place in an input.</summary>
    /// <param name="filePath">The file, or null when the input did not come from a file.</param>
    /// <param name="location">Where in the input: a JSON path, or <c>line L, column C</c>.</param>
    /// <param name="expected">What was expected there, as a phrase (<c>a date such as 2025-01-28T17:25:12Z</c>).</param>
    /// <param name="found">What was found instead, or null when there is nothing useful to quote.</param>
    /// <param name="line">The 1-based line of a text position, or null.</param>
    /// <param name="column">The 1-based column (in characters) of a text position, or null.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SnapshotFormatException(
        string? filePath,
        string location,
        string expected,
        string? found = null,
        int? line = null,
        int? column = null,
        Exception? innerException = null)
        : base(Format(filePath, location, expected, found), innerException)
    {
        FilePath = filePath;
        Location = location;
        Expected = expected;
        Found = found;
        Line = line;
        Column = column;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SnapshotFormatException()
        : this(null, "$", "valid input")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected.</param>
    public SnapshotFormatException(string message)
        : this(null, "$", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected.</param>
    /// <param name="innerException">The underlying error.</param>
    public SnapshotFormatException(string message, Exception innerException)
        : this(null, "$", message, innerException: innerException)
    {
    }

    /// <summary>The file the input came from, or null when it was not read from a file.</summary>
    public string? FilePath { get; }

    /// <summary>Where the problem is: a JSON path (<c>$.PasswordPolicy.MinimumPasswordLength</c>) or <c>line L, column C</c>.</summary>
    public string Location { get; }

    /// <summary>What was expected at <see cref="Location"/>, without the file and location.</summary>
    public string Expected { get; }

    /// <summary>What was found instead, or null.</summary>
    public string? Found { get; }

    /// <summary>The 1-based line when <see cref="Location"/> is a text position; otherwise null.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column, in characters, when <see cref="Location"/> is a text position; otherwise null.</summary>
    public int? Column { get; }

    /// <summary>Formats a text position as <see cref="Location"/> does: <c>line 3, column 17</c>.</summary>
    internal static string TextLocation(int line, int column) =>
        string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}");

    private static string Format(string? filePath, string location, string expected, string? found)
    {
        var where = filePath is null ? location : $"{filePath}: {location}";
        return found is null ? $"{where}: expected {expected}" : $"{where}: expected {expected}, found '{found}'";
    }
}
