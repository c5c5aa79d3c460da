using System.Text;
using IamSnapshot.Serialization;

namespace IamSnapshot.Aws.Stores;

/// <summary>
/// Snapshots in a local folder, in the store layout. Files and the <c>latest</c> pointer are written atomically
/// (temporary file, flush, rename), so a reader never sees half a snapshot. Thread-safe.
/// </summary>
public sealed class LocalSnapshotStore : ISnapshotStore
{
    /// <summary>Creates a store rooted at a folder (created on first write).</summary>
    /// <param name="rootFolder">The folder.</param>
    public LocalSnapshotStore(string rootFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootFolder);
        RootFolder = Path.GetFullPath(rootFolder);
    }

    /// <summary>The store's root folder.</summary>
    public string RootFolder { get; }

    /// <inheritdoc />
    public async Task<StoredSnapshot> SaveAsync(string accountId, DateTimeOffset capturedAt, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var key = SnapshotKeys.For(accountId, capturedAt);
        await AtomicFile.WriteAsync(PathOf(key), stream => write(stream, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (await GetLatestAsync(accountId, cancellationToken).ConfigureAwait(false) is { } latest && latest.CapturedAt > capturedAt)
        {
            // A late write of an older capture (a re-run, a backfill) must not move the pointer back in time.
            return Describe(key);
        }

        var pointer = Encoding.UTF8.GetBytes(key + "\n");
        await AtomicFile.WriteAsync(PathOf(SnapshotKeys.Latest(accountId)), stream => stream.WriteAsync(pointer, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        return Describe(key);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredSnapshot>> ListNewestAsync(string accountId, int count, CancellationToken cancellationToken = default)
    {
        var keys = await SnapshotKeys.NewestAsync(accountId, count, (prefix, _) =>
        {
            var folder = PathOf(prefix);
            if (!Directory.Exists(folder))
            {
                return Task.FromResult<(IReadOnlyList<string>, IReadOnlyList<string>)>(([], []));
            }

            IReadOnlyList<string> folders = [.. Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>()];
            IReadOnlyList<string> files = [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()];
            return Task.FromResult((folders, files));
        }, cancellationToken).ConfigureAwait(false);
        return [.. keys.Select(Describe)];
    }

    /// <inheritdoc />
    public async Task<StoredSnapshot?> GetLatestAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(SnapshotKeys.Latest(accountId));
        if (!File.Exists(path))
        {
            return null;
        }

        var key = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
        if (!SnapshotKeys.TryParse(key, out var owner, out _) || owner != accountId)
        {
            throw new InvalidDataException($"The latest pointer {path} does not name a snapshot of {accountId}: '{key}'.");
        }

        return Describe(key);
    }

    /// <inheritdoc />
    public Task<byte[]> ReadAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!SnapshotKeys.TryParse(snapshot.Key, out _, out _))
        {
            throw new ArgumentException($"'{snapshot.Key}' is not a snapshot key.", nameof(snapshot));
        }

        return File.ReadAllBytesAsync(PathOf(snapshot.Key), cancellationToken);
    }

    private StoredSnapshot Describe(string key)
    {
        return SnapshotKeys.TryParse(key, out var account, out var at)
            ? new StoredSnapshot(account, at, key, PathOf(key))
            : throw new InvalidOperationException($"'{key}' is not a snapshot key.");
    }

    private string PathOf(string key) => Path.Combine(RootFolder, key.Replace('/', Path.DirectorySeparatorChar));
}
