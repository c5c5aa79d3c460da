using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using IamSnapshot.Aws.S3;

namespace IamSnapshot.Aws.Stores;

/// <summary>
/// Snapshots in S3, in the store layout under an optional prefix, with optional server-side encryption and an
/// expected bucket owner on every request. A snapshot is uploaded before the <c>latest</c> pointer moves to it,
/// so the pointer never names a missing object. Thread-safe.
/// </summary>
public sealed class S3SnapshotStore : ISnapshotStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly bool _ownsClient;

    /// <summary>Creates a store over an S3 client the caller owns.</summary>
    /// <param name="s3">The client.</param>
    /// <param name="options">The bucket, prefix and encryption; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public S3SnapshotStore(IAmazonS3 s3, S3SnapshotStoreOptions options)
        : this(s3, options, ownsClient: false)
    {
    }

    private S3SnapshotStore(IAmazonS3 s3, S3SnapshotStoreOptions options, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _s3 = s3;
        Options = options;
        _ownsClient = ownsClient;
    }

    /// <summary>The options.</summary>
    public S3SnapshotStoreOptions Options { get; }

    /// <summary>
    /// Creates a store with its own S3 client, with the credentials, region and endpoint override of
    /// <paramref name="aws"/> (the same as a capture would use, without its role).
    /// </summary>
    /// <param name="options">The bucket, prefix and encryption.</param>
    /// <param name="aws">Credentials, profile, region and endpoint URL.</param>
    /// <param name="cancellationToken">Cancels credential resolution.</param>
    /// <returns>The store; dispose it to release the client.</returns>
    /// <exception cref="AwsCaptureException">No credentials were found.</exception>
    public static async Task<S3SnapshotStore> CreateAsync(S3SnapshotStoreOptions options, AwsCaptureOptions aws, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(aws);
        options.Validate();
        var client = await S3Clients.CreateAsync(aws, cancellationToken).ConfigureAwait(false);
        return new S3SnapshotStore(client, options, ownsClient: true);
    }

    /// <inheritdoc />
    public async Task<StoredSnapshot> SaveAsync(string accountId, DateTimeOffset capturedAt, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var key = SnapshotKeys.For(accountId, capturedAt);
        using var body = new MemoryStream();
        await write(body, cancellationToken).ConfigureAwait(false);
        body.Position = 0;
        await PutAsync(key, body, "application/json", cancellationToken).ConfigureAwait(false);
        if (await GetLatestAsync(accountId, cancellationToken).ConfigureAwait(false) is { } latest && latest.CapturedAt > capturedAt)
        {
            // A late write of an older capture (a re-run, a backfill) must not move the pointer back in time.
            return Describe(key);
        }

        using var pointer = new MemoryStream(Encoding.UTF8.GetBytes(key + "\n"));
        await PutAsync(SnapshotKeys.Latest(accountId), pointer, "text/plain; charset=utf-8", cancellationToken).ConfigureAwait(false);
        return Describe(key);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredSnapshot>> ListNewestAsync(string accountId, int count, CancellationToken cancellationToken = default)
    {
        var keys = await SnapshotKeys.NewestAsync(accountId, count, ListFolderAsync, cancellationToken).ConfigureAwait(false);
        return [.. keys.Select(Describe)];
    }

    /// <inheritdoc />
    public async Task<StoredSnapshot?> GetLatestAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var pointerKey = SnapshotKeys.Latest(accountId);
        string key;
        try
        {
            key = Encoding.UTF8.GetString(await GetAsync(pointerKey, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!SnapshotKeys.TryParse(key, out var owner, out _) || owner != accountId)
        {
            throw new InvalidDataException($"The latest pointer {Url(pointerKey)} does not name a snapshot of {accountId}: '{key}'.");
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

        return GetAsync(snapshot.Key, cancellationToken);
    }

    /// <summary>Releases the client when the store created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _s3.Dispose();
        }
    }

    private async Task PutAsync(string key, Stream body, string contentType, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = Options.Bucket,
            Key = FullKey(key),
            InputStream = body,
            AutoCloseStream = false,
            ContentType = contentType,
            ExpectedBucketOwner = Options.ExpectedBucketOwner,
        };
        if (Options.ServerSideEncryption is not null)
        {
            request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(Options.ServerSideEncryption);
            request.ServerSideEncryptionKeyManagementServiceKeyId = Options.KmsKeyId;
        }

        await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Options.Bucket, Key = FullKey(key), ExpectedBucketOwner = Options.ExpectedBucketOwner }, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private async Task<(IReadOnlyList<string> Folders, IReadOnlyList<string> Files)> ListFolderAsync(string prefix, CancellationToken cancellationToken)
    {
        var full = FullKey(prefix);
        var folders = new List<string>();
        var files = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Options.Bucket, Prefix = full, Delimiter = "/", ExpectedBucketOwner = Options.ExpectedBucketOwner };
        ListObjectsV2Response response;
        do
        {
            response = await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            folders.AddRange((response.CommonPrefixes ?? []).Select(p => p[full.Length..].TrimEnd('/')));
            files.AddRange((response.S3Objects ?? []).Select(o => o.Key[full.Length..]));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return (folders, files);
    }

    private string FullKey(string key) => Options.Prefix.Length == 0 ? key : Options.Prefix + "/" + key;

    private string Url(string key) => $"s3://{Options.Bucket}/{FullKey(key)}";

    private StoredSnapshot Describe(string key) =>
        SnapshotKeys.TryParse(key, out var account, out var at)
            ? new StoredSnapshot(account, at, key, Url(key))
            : throw new InvalidOperationException($"'{key}' is not a snapshot key.");
}
