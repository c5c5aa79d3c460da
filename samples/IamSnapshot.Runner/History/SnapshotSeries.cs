using IamSnapshot.Model;
using IamSnapshot.Serialization;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.History;

/// <summary>One snapshot in a series: a name to sort and show, and how to load it.</summary>
/// <param name="Name">The display name (for a local file, its path, so SARIF can point into it).</param>
/// <param name="FileName">The file or object name, the tie-breaker when capture times are equal.</param>
internal sealed record SnapshotEntry(string Name, string FileName);

/// <summary>
/// A place that holds a series of saved snapshots of one account: a local folder (<see cref="FolderSnapshotSeries"/>)
/// or an S3 prefix (<see cref="S3SnapshotSeries"/>, opened by <see cref="Commands.InputSession.OpenSeries"/>).
/// </summary>
internal interface ISnapshotSeries
{
    /// <summary>The folder or prefix, as the user named it.</summary>
    string Location { get; }

    /// <summary>Lists the snapshots (in no particular order).</summary>
    Task<IReadOnlyList<SnapshotEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Loads one snapshot.</summary>
    /// <exception cref="SnapshotFormatException">The snapshot is not valid; the message names it and the place.</exception>
    Task<AccountSnapshot> LoadAsync(SnapshotEntry entry, CancellationToken cancellationToken);
}

/// <summary>Opens a series by its location.</summary>
internal static class SnapshotSeries
{
    /// <summary>Opens a local folder (<c>s3://</c> prefixes go through <see cref="Commands.InputSession.OpenSeries"/>).</summary>
    public static ISnapshotSeries Open(string location)
    {
        if (!Directory.Exists(location))
        {
            throw new UsageException(File.Exists(location)
                ? $"{location}: expected a folder of snapshots, found a file"
                : $"{location}: folder not found");
        }

        return new FolderSnapshotSeries(location);
    }
}

/// <summary>
/// The <c>*.json</c> files directly inside a folder. Temporary files of interrupted saves
/// (<c>.iamsnapshot-*.tmp</c>) never match, and every other JSON file must be a snapshot: one that is not is
/// an error naming it, never silently skipped.
/// </summary>
internal sealed class FolderSnapshotSeries(string folder) : ISnapshotSeries
{
    public string Location => folder;

    public Task<IReadOnlyList<SnapshotEntry>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<SnapshotEntry> entries = Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly)
            .Where(path => !Path.GetFileName(path).StartsWith(AtomicFile.TempPrefix, StringComparison.Ordinal))
            .Select(path => new SnapshotEntry(path, Path.GetFileName(path)))
            .ToList();
        return Task.FromResult(entries);
    }

    public Task<AccountSnapshot> LoadAsync(SnapshotEntry entry, CancellationToken cancellationToken) =>
        SnapshotFile.LoadAsync(entry.Name, cancellationToken: cancellationToken);
}
