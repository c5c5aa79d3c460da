using IamSnapshot.Aws.S3;
using IamSnapshot.Model;
using IamSnapshot.Runner.Commands;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.History;

/// <summary>
/// Every <c>*.json</c> object under an S3 prefix, at any depth, so both a flat prefix of snapshots and an account's
/// folder of a snapshot store (<c>s3://bucket/prefix/ACCOUNT/</c>, with its <c>yyyy/mm/dd</c> levels) work. As for a
/// local folder, each such object must be a snapshot; the <c>latest</c> pointer is not JSON and is left out. Entries
/// are named by their <c>s3://</c> URL and tie-broken by their key below the prefix.
/// </summary>
internal sealed class S3SnapshotSeries(S3Location prefix, Func<CancellationToken, Task<S3Objects>> objects) : ISnapshotSeries
{
    private readonly string _root = prefix.IsPrefix ? prefix.Key : prefix.Key + "/";

    public string Location => prefix.ToString();

    public Task<IReadOnlyList<SnapshotEntry>> ListAsync(CancellationToken cancellationToken) =>
        S3Errors.GuardAsync(Location, async () =>
        {
            var reader = await objects(cancellationToken).ConfigureAwait(false);
            var entries = new List<SnapshotEntry>();
            await foreach (var item in reader.ListAsync(prefix.Bucket, _root, cancellationToken).ConfigureAwait(false))
            {
                if (item.Key.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    entries.Add(new SnapshotEntry(item.ToString(), item.Key[_root.Length..]));
                }
            }

            return (IReadOnlyList<SnapshotEntry>)entries;
        });

    public Task<AccountSnapshot> LoadAsync(SnapshotEntry entry, CancellationToken cancellationToken) =>
        S3Errors.GuardAsync(entry.Name, async () =>
        {
            var reader = await objects(cancellationToken).ConfigureAwait(false);
            return SnapshotFile.Load(await reader.ReadAsync(S3Location.Parse(entry.Name), cancellationToken).ConfigureAwait(false), entry.Name);
        });
}
