using System.Text.Json;

namespace IamSnapshot.Reporting;

/// <summary>
/// Finds where entities sit in a snapshot file, for SARIF physical locations: the line of each entity's
/// <c>"arn"</c> key (saved format) or <c>"Arn"</c> key (AWS CLI output). Both are pretty-printed, so a line
/// points at one entity. Only keys of objects directly inside a top-level array count, so an attachment that
/// names a policy never stands in for the policy itself.
/// </summary>
internal sealed class SnapshotLocator(string? sourceRoot)
{
    private readonly Dictionary<string, SnapshotFileLocation> _cache = new(StringComparer.Ordinal);

    /// <summary>The URI of a snapshot (relative to the source root when it is a local file) and its entity lines.</summary>
    public SnapshotFileLocation Locate(string snapshotName)
    {
        if (!_cache.TryGetValue(snapshotName, out var location))
        {
            location = Load(snapshotName);
            _cache[snapshotName] = location;
        }

        return location;
    }

    private SnapshotFileLocation Load(string snapshotName)
    {
        if (snapshotName.Contains("://", StringComparison.Ordinal) || !File.Exists(snapshotName))
        {
            // Not a local file (an s3:// object, or a name a library caller chose): point at line 1 of it.
            return new SnapshotFileLocation(ToUri(snapshotName), new Dictionary<string, int>(StringComparer.Ordinal));
        }

        var root = Path.GetFullPath(sourceRoot ?? Directory.GetCurrentDirectory());
        var relative = Path.GetRelativePath(root, Path.GetFullPath(snapshotName));
        Dictionary<string, int> lines;
        try
        {
            lines = IndexLines(File.ReadAllBytes(snapshotName));
        }
        catch (IOException)
        {
            lines = new Dictionary<string, int>(StringComparer.Ordinal);
        }
        catch (UnauthorizedAccessException)
        {
            lines = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        return new SnapshotFileLocation(ToUri(relative), lines);
    }

    /// <summary>A relative reference with forward slashes, each segment percent-encoded where URIs require it.</summary>
    private static string ToUri(string path)
    {
        if (path.Contains("://", StringComparison.Ordinal))
        {
            return path;
        }

        var segments = path.Replace('\\', '/').Split('/');
        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    /// <summary>The 1-based line of each entity ARN key; the first occurrence wins.</summary>
    internal static Dictionary<string, int> IndexLines(ReadOnlySpan<byte> utf8)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var line = 1;
        var counted = 0;
        try
        {
            while (reader.Read())
            {
                // Depth 3 is a key of an object inside a top-level array: {"users": [ {"arn": …} ]}.
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 3
                    || !(reader.ValueTextEquals("arn"u8) || reader.ValueTextEquals("Arn"u8)))
                {
                    continue;
                }

                var start = (int)reader.TokenStartIndex;
                line += utf8[counted..start].Count((byte)'\n');
                counted = start;
                if (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    lines.TryAdd(reader.GetString()!, line);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON we can walk (UTF-16, damaged): the lines found so far stand, the rest point at line 1.
        }

        return lines;
    }
}

/// <summary>Where a snapshot file is, as a SARIF artifact URI, and the line of each entity in it.</summary>
/// <param name="Uri">The artifact URI.</param>
/// <param name="Lines">The 1-based line of each entity, by ARN.</param>
internal sealed record SnapshotFileLocation(string Uri, IReadOnlyDictionary<string, int> Lines)
{
    /// <summary>The line of an entity, or 1 when the file does not hold it (removed entities, account-level findings).</summary>
    public int LineOf(string arn) => Lines.TryGetValue(arn, out var line) ? line : 1;
}
