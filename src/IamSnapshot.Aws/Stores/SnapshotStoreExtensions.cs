using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Aws.Stores;

/// <summary>Saves and loads <see cref="AccountSnapshot"/>s in any <see cref="ISnapshotStore"/>, in the saved snapshot format.</summary>
public static class SnapshotStoreExtensions
{
    /// <summary>Saves a snapshot under its account and capture time.</summary>
    /// <param name="store">The store.</param>
    /// <param name="snapshot">A snapshot whose metadata has an account id and a capture time (every live capture has both).</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Where it was stored.</returns>
    /// <exception cref="ArgumentException">The snapshot lacks an account id or a capture time.</exception>
    public static Task<StoredSnapshot> SaveAsync(this ISnapshotStore store, AccountSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = snapshot.Metadata;
        if (metadata.AccountId is null || metadata.CapturedAt is null)
        {
            throw new ArgumentException("A stored snapshot needs an account id and a capture time in its metadata.", nameof(snapshot));
        }

        return store.SaveAsync(metadata.AccountId, metadata.CapturedAt.Value, (stream, _) =>
        {
            SnapshotFile.Write(snapshot, stream);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Loads a stored snapshot.</summary>
    /// <param name="store">The store.</param>
    /// <param name="stored">The snapshot to load.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="SnapshotFormatException">The stored bytes are not a snapshot.</exception>
    public static async Task<AccountSnapshot> LoadAsync(this ISnapshotStore store, StoredSnapshot stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(stored);
        var bytes = await store.ReadAsync(stored, cancellationToken).ConfigureAwait(false);
        return SnapshotFile.Load(bytes, stored.Location);
    }
}
