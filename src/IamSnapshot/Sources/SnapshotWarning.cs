namespace IamSnapshot.Sources;

/// <summary>
/// Something in an input that was read, kept, but deserves attention: a duplicate credential-report row, a column
/// this version does not know, an empty file that cannot tell "not set" from "failed". Nothing that loads with a
/// warning is dropped. Immutable value.
/// </summary>
/// <param name="FilePath">The file, or null when the input did not come from a file.</param>
/// <param name="Location">Where in the input (a JSON path or <c>line L</c>); empty when the warning is about the whole file.</param>
/// <param name="Message">What was found and what was done with it.</param>
public sealed record SnapshotWarning(string? FilePath, string Location, string Message)
{
    /// <summary>The warning as one line: <c>file: location: message</c>, leaving out what is unknown or empty.</summary>
    /// <returns>The formatted warning.</returns>
    public override string ToString()
    {
        var where = (FilePath, Location) switch
        {
            (null, "") => string.Empty,
            (null, _) => Location + ": ",
            (_, "") => FilePath + ": ",
            _ => $"{FilePath}: {Location}: ",
        };
        return where + Message;
    }
}
