using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using IamSnapshot.CloudTrail;

namespace IamSnapshot.Aws.S3;

/// <summary>
/// CloudTrail log objects in S3, for <see cref="CloudTrailReader"/>: every object under a prefix (the delivery layout
/// <c>s3://bucket/AWSLogs/ACCOUNT/CloudTrail/REGION/yyyy/mm/dd/</c> or any part of it), or one object. Objects are
/// listed page by page and opened one at a time, in S3's key order (which is date order in the delivery layout), so a
/// month of logs is never held in memory. Thread-safe; each enumeration lists afresh.
/// </summary>
/// <remarks>
/// <para>
/// A location ending in <c>/</c> (or naming only the bucket) is a prefix. Otherwise it is the object with exactly that
/// key when one exists, else the prefix <c>KEY/</c>, as the AWS CLI reads <c>s3://bucket/AWSLogs</c>. Keys whose last
/// segment starts with <c>.</c> are left out; digest files are recognised by their content and skipped by the reader.
/// </para>
/// <para>
/// An object that cannot be read (access denied by a KMS key policy, deleted meanwhile) becomes a reader diagnostic
/// naming its <c>s3://</c> URL, and reading goes on, as for an unreadable local file. A location that matches nothing
/// is reported the same way, as a missing file. A listing that fails (no such bucket, access denied) throws the
/// SDK's <see cref="AmazonS3Exception"/>.
/// </para>
/// </remarks>
public sealed class S3CloudTrailLogSource : ICloudTrailLogSource, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly S3Objects _objects;
    private readonly S3Location _location;
    private readonly bool _ownsClient;

    /// <summary>Creates a source over an S3 client the caller owns.</summary>
    /// <param name="s3">The client.</param>
    /// <param name="location">An <c>s3://bucket/prefix/</c> or <c>s3://bucket/key</c> URL.</param>
    /// <param name="expectedBucketOwner">The 12-digit account that must own the bucket, or null not to check.</param>
    /// <exception cref="ArgumentException">The location is not an s3:// URL, or the owner is not an account id.</exception>
    public S3CloudTrailLogSource(IAmazonS3 s3, string location, string? expectedBucketOwner = null)
        : this(s3, location, expectedBucketOwner, ownsClient: false)
    {
    }

    private S3CloudTrailLogSource(IAmazonS3 s3, string location, string? expectedBucketOwner, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(s3);
        _location = S3Location.Parse(location);
        _objects = new S3Objects(s3, expectedBucketOwner);
        _s3 = s3;
        _ownsClient = ownsClient;
    }

    /// <summary>The location, as given.</summary>
    public string Location => _location.ToString();

    /// <summary>
    /// Creates a source with its own S3 client, with the credentials, region and endpoint override of
    /// <paramref name="aws"/> (its role is not assumed).
    /// </summary>
    /// <param name="location">An <c>s3://bucket/prefix/</c> or <c>s3://bucket/key</c> URL.</param>
    /// <param name="aws">Credentials, profile, region and endpoint URL.</param>
    /// <param name="expectedBucketOwner">The 12-digit account that must own the bucket, or null not to check.</param>
    /// <param name="cancellationToken">Cancels credential resolution.</param>
    /// <returns>The source; dispose it to release the client.</returns>
    /// <exception cref="ArgumentException">The location or owner is invalid.</exception>
    /// <exception cref="AwsCaptureException">No credentials were found.</exception>
    public static async Task<S3CloudTrailLogSource> CreateAsync(string location, AwsCaptureOptions aws, string? expectedBucketOwner = null, CancellationToken cancellationToken = default)
    {
        S3Location.Parse(location);
        var client = await S3Clients.CreateAsync(aws, cancellationToken).ConfigureAwait(false);
        try
        {
            return new S3CloudTrailLogSource(client, location, expectedBucketOwner, ownsClient: true);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CloudTrailLogObject> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = _location.Key;
        if (!_location.IsPrefix)
        {
            var first = await _objects.FirstKeyAsync(_location.Bucket, _location.Key, cancellationToken).ConfigureAwait(false);
            if (string.Equals(first, _location.Key, StringComparison.Ordinal))
            {
                yield return Object(_location);
                yield break;
            }

            prefix = _location.Key + "/";
        }

        var any = false;
        await foreach (var item in _objects.ListAsync(_location.Bucket, prefix, cancellationToken).ConfigureAwait(false))
        {
            var name = item.Key[(item.Key.LastIndexOf('/') + 1)..];
            if (name.StartsWith('.'))
            {
                continue;
            }

            any = true;
            yield return Object(item);
        }

        if (!any && !_location.IsPrefix)
        {
            // Neither an object nor a prefix: reported by the reader as a missing file, like a wrong local path.
            var missing = _location.ToString();
            yield return new CloudTrailLogObject(missing, _ => ValueTask.FromException<Stream>(new FileNotFoundException($"{missing}: no such object or prefix", missing)));
        }
    }

    /// <summary>Releases the client when the source created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _s3.Dispose();
        }
    }

    private CloudTrailLogObject Object(S3Location item)
    {
        var name = item.ToString();
        return new CloudTrailLogObject(name, async cancellationToken =>
        {
            try
            {
                return await _objects.OpenAsync(item, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (S3Objects.IsNotFound(ex))
            {
                throw new FileNotFoundException($"{name}: the object does not exist", name, ex);
            }
            catch (AmazonServiceException ex)
            {
                // The reader reports I/O failures per object and goes on with the others.
                throw new IOException($"{name}: {ex.ErrorCode ?? ex.StatusCode.ToString()}: {ex.Message}", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new IOException($"{name}: {ex.Message}", ex);
            }
        });
    }
}
