using System.Globalization;
using System.Text;

namespace IamSnapshot.CloudTrail;

/// <summary>
/// Where a record (or a problem) is in the logs: the log object's name, and as much of line, byte
/// offset and record index as is known. Offsets and lines count in the decoded UTF-8 text (after
/// gzip and UTF-16 are undone), so they match what <c>zcat file | head -c OFFSET</c> shows.
/// </summary>
/// <param name="Source">The file path or object name (for example an S3 key).</param>
/// <param name="Line">The 1-based line, or null when unknown.</param>
/// <param name="ByteOffset">The 0-based byte offset of the record's first byte, or null when unknown.</param>
/// <param name="RecordIndex">The 0-based index of the record in its array (or of the line in JSON Lines), or null.</param>
public sealed record CloudTrailPosition(string Source, long? Line = null, long? ByteOffset = null, long? RecordIndex = null)
{
    /// <summary>Formats the position as <c>file:line (byte N, record I)</c>.</summary>
    /// <returns>The position as text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Source);
        if (Line is { } line)
        {
            text.Append(':').Append(line.ToString(CultureInfo.InvariantCulture));
        }

        var details = new List<string>(2);
        if (ByteOffset is { } offset)
        {
            details.Add("byte " + offset.ToString(CultureInfo.InvariantCulture));
        }

        if (RecordIndex is { } index)
        {
            details.Add("record " + index.ToString(CultureInfo.InvariantCulture));
        }

        if (details.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", details).Append(')');
        }

        return text.ToString();
    }
}
