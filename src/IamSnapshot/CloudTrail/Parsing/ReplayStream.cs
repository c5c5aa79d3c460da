namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// A read-only forward stream that first returns bytes already read from <c>inner</c> (to sniff magic
/// bytes and byte-order marks) and then the rest of <c>inner</c>. Works on streams that cannot seek,
/// such as an S3 response body or a <see cref="System.IO.Compression.GZipStream"/>.
/// </summary>
internal sealed class ReplayStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _prefix;
    private int _prefixPosition;

    public ReplayStream(byte[] prefix, int prefixStart, Stream inner)
    {
        _prefix = prefix;
        _prefixPosition = prefixStart;
        _inner = inner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (TryReadPrefix(buffer, out var copied))
        {
            return copied;
        }

        return _inner.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TryReadPrefix(buffer.Span, out var copied))
        {
            return ValueTask.FromResult(copied);
        }

        return _inner.ReadAsync(buffer, cancellationToken);
    }

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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private bool TryReadPrefix(Span<byte> destination, out int copied)
    {
        var remaining = _prefix.Length - _prefixPosition;
        if (remaining <= 0 || destination.IsEmpty)
        {
            copied = 0;
            return false;
        }

        copied = Math.Min(remaining, destination.Length);
        _prefix.AsSpan(_prefixPosition, copied).CopyTo(destination);
        _prefixPosition += copied;
        return true;
    }
}
