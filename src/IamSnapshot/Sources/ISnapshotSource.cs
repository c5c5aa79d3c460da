using IamSnapshot.Model;

namespace IamSnapshot.Sources;

/// <summary>
/// Produces an <see cref="AccountSnapshot"/>: from a saved file, an AWS CLI dump, a folder of CLI outputs or a
/// live account. Implementations are immutable and may be loaded more than once.
/// </summary>
public interface ISnapshotSource
{
    /// <summary>Loads the snapshot.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="SnapshotFormatException">The input is not a valid snapshot; the message says where and why.</exception>
    Task<AccountSnapshot> LoadAsync(CancellationToken cancellationToken = default);
}
