namespace IamSnapshot.CloudTrail;

/// <summary>
/// Where CloudTrail log objects come from: files and folders (<see cref="CloudTrailLogSource.FromPath"/>),
/// or an S3 bucket (the <c>IamSnapshot.Aws</c> package). The reader opens the objects one at a time,
/// in the order given, and disposes each stream when done.
/// </summary>
public interface ICloudTrailLogSource
{
    /// <summary>Lists the log objects to read.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The objects, in the order they should be read (a stable order keeps results deterministic).</returns>
    IAsyncEnumerable<CloudTrailLogObject> EnumerateAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// One log object: a name for diagnostics and a way to open its bytes. The bytes may be gzip or plain
/// JSON in any of the supported shapes; the reader finds out from the content, not from the name.
/// </summary>
public sealed class CloudTrailLogObject
{
    private readonly Func<CancellationToken, ValueTask<Stream>> _open;

    /// <summary>Creates a log object.</summary>
    /// <param name="name">The name used in diagnostics and positions: a file path or an <c>s3://bucket/key</c> URI.</param>
    /// <param name="open">Opens a fresh read stream of the object's bytes; the reader disposes it.</param>
    public CloudTrailLogObject(string name, Func<CancellationToken, ValueTask<Stream>> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(open);
        Name = name;
        _open = open;
    }

    /// <summary>The name used in diagnostics and positions.</summary>
    public string Name { get; }

    /// <summary>Opens a read stream of the object's bytes.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The stream; the caller disposes it.</returns>
    public ValueTask<Stream> OpenAsync(CancellationToken cancellationToken = default) => _open(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Name;
}
