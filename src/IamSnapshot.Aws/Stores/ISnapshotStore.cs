namespace IamSnapshot.Aws.Stores;

/// <summary>
/// Where captured snapshots are kept, by account and time: <c>&lt;account&gt;/&lt;yyyy&gt;/&lt;mm&gt;/&lt;dd&gt;/&lt;HHmmss&gt;Z.json</c>
/// plus a <c>&lt;account&gt;/latest</c> pointer holding the key of the newest one. Implementations are thread-safe.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Writes a snapshot and moves the account's <c>latest</c> pointer to it.</summary>
    /// <param name="accountId">The 12-digit account id.</param>
    /// <param name="capturedAt">When the snapshot was captured (UTC second precision names the file).</param>
    /// <param name="write">Writes the snapshot's bytes to the stream it is given.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write leaves no snapshot and no pointer change.</param>
    /// <returns>Where the snapshot was stored.</returns>
    Task<StoredSnapshot> SaveAsync(string accountId, DateTimeOffset capturedAt, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default);

    /// <summary>Lists an account's newest snapshots, newest first, reading only the folders it needs.</summary>
    /// <param name="accountId">The 12-digit account id.</param>
    /// <param name="count">How many to return at most (the <c>diff</c> of the last two captures needs 2).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Up to <paramref name="count"/> snapshots, newest first.</returns>
    Task<IReadOnlyList<StoredSnapshot>> ListNewestAsync(string accountId, int count, CancellationToken cancellationToken = default);

    /// <summary>The snapshot the account's <c>latest</c> pointer names, or null when the account has none.</summary>
    /// <param name="accountId">The 12-digit account id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or null.</returns>
    Task<StoredSnapshot?> GetLatestAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Reads a stored snapshot's bytes.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes.</returns>
    Task<byte[]> ReadAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default);
}
