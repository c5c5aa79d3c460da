using IamSnapshot.Model;

namespace IamSnapshot.Sources;

/// <summary>
/// A snapshot in a file: the saved format or AWS CLI authorization-details output (see <see cref="SnapshotFile"/>).
/// Immutable.
/// </summary>
/// <param name="path">The file.</param>
/// <param name="options">Metadata to record when the file is raw AWS output.</param>
public sealed class SnapshotFileSource(string path, ImportOptions? options = null) : ISnapshotSource
{
    /// <summary>The file.</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <inheritdoc />
    public Task<AccountSnapshot> LoadAsync(CancellationToken cancellationToken = default) =>
        SnapshotFile.LoadAsync(Path, options, cancellationToken);
}
