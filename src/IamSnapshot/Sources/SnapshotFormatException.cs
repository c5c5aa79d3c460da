namespace IamSnapshot.Sources;

/// <summary>
/// An input file is not what it should be. The message names the file, the place in it (a JSON path,
/// or a line and column) and what was expected, so a user can fix the input without a stack trace.
/// </summary>
public sealed class SnapshotFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file (or folder) that holds the problem.</param>
    /// <param name="location">Where in the file: a JSON path such as <c>$.RoleDetailList[3].RoleName</c>, or <c>line 4, column 7</c>; empty when the problem is the file itself.</param>
    /// <param name="expected">What was expected, in words.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SnapshotFormatException(string filePath, string location, string expected, Exception? innerException = null)
        : base(location.Length == 0 ? $"{filePath}: {expected}" : $"{filePath}: {location}: {expected}", innerException)
    {
        FilePath = filePath;
        Location = location;
        Expected = expected;
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
}
