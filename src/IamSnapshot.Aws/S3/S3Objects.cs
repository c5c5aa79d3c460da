using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace IamSnapshot.Aws.S3;

/// <summary>
/// Reads and lists objects over an S3 client, sending the expected bucket owner on every request when one is given
/// (so a bucket name someone else took over is refused instead of read). Thread-safe.
/// </summary>
internal sealed class S3Objects
{
    private readonly IAmazonS3 _s3;
    private readonly string? _expectedBucketOwner;

    /// <summary>Creates a reader over a client the caller owns.</summary>
    /// <param name="s3">The client.</param>
    /// <param name="expectedBucketOwner">The account that must own every bucket read, or null.</param>
    public S3Objects(IAmazonS3 s3, string? expectedBucketOwner = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        if (expectedBucketOwner is not null && (expectedBucketOwner.Length != 12 || !expectedBucketOwner.All(char.IsAsciiDigit)))
        {
            throw new ArgumentException($"The expected bucket owner '{expectedBucketOwner}' is not a 12-digit account id.", nameof(expectedBucketOwner));
        }

        _s3 = s3;
        _expectedBucketOwner = expectedBucketOwner;
    }

    /// <summary>Whether an S3 error means "no such bucket or object" (an input mistake) rather than a failure.</summary>
    /// <param name="exception">The error.</param>
    /// <returns>True for 404s.</returns>
    public static bool IsNotFound(AmazonS3Exception exception) =>
        exception.StatusCode == HttpStatusCode.NotFound || exception.ErrorCode is "NoSuchKey" or "NoSuchBucket";

    /// <summary>Reads a whole object.</summary>
    /// <param name="location">The object.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Its bytes.</returns>
    public async Task<byte[]> ReadAsync(S3Location location, CancellationToken cancellationToken)
    {
        var stream = await OpenAsync(location, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    /// <summary>Opens an object for reading; disposing the stream ends the response.</summary>
    /// <param name="location">The object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stream.</returns>
    public async Task<Stream> OpenAsync(S3Location location, CancellationToken cancellationToken)
    {
        var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = location.Bucket, Key = location.Key, ExpectedBucketOwner = _expectedBucketOwner }, cancellationToken).ConfigureAwait(false);
        return new ResponseStream(response);
    }

    /// <summary>
    /// Lists the objects under <paramref name="prefix"/> (every level, no delimiter), in S3's key order, page by page
    /// as S3 returns them; keys ending in <c>/</c> (folder markers the console creates) are left out.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The objects.</returns>
    public async IAsyncEnumerable<S3Location> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ExpectedBucketOwner = _expectedBucketOwner };
        ListObjectsV2Response response;
        do
        {
            response = await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.S3Objects ?? [])
            {
                if (!item.Key.EndsWith('/'))
                {
                    yield return new S3Location(bucket, item.Key);
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    /// <summary>The first key under <paramref name="prefix"/> in S3's order, or null when there is none.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The key, or null.</returns>
    public async Task<string?> FirstKeyAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, MaxKeys = 1, ExpectedBucketOwner = _expectedBucketOwner };
        var response = await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
        return response.S3Objects is [var first, ..] ? first.Key : null;
    }

    /// <summary>The body of a GetObject response, which it owns: disposing it disposes the response.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
