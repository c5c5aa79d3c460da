namespace IamSnapshot.CloudTrail;

/// <summary>Options of <see cref="CloudTrailReader"/>. Immutable; <see cref="Default"/> suits CloudTrail as delivered.</summary>
public sealed record CloudTrailReaderOptions
{
    /// <summary>The default of <see cref="MaxDepth"/>.</summary>
    internal const int DefaultMaxDepth = 256;

    /// <summary>The default of <see cref="MaxInputBytes"/>: 4 GiB.</summary>
    internal const long DefaultMaxInputBytes = 4L * 1024 * 1024 * 1024;

    private readonly int _maxRecordBytes = 64 * 1024 * 1024;
    private readonly int _maxDepth = DefaultMaxDepth;
    private readonly long _maxInputBytes = DefaultMaxInputBytes;

    /// <summary>The defaults.</summary>
    public static CloudTrailReaderOptions Default { get; } = new();

    /// <summary>
    /// The largest record accepted, in bytes (default 64 MiB; CloudTrail records are far smaller). It bounds
    /// the reader's buffer, so that a file with unbalanced brackets cannot make it load the whole file.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 KiB.</exception>
    public int MaxRecordBytes
    {
        get => _maxRecordBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024);
            _maxRecordBytes = value;
        }
    }

    /// <summary>
    /// The deepest JSON nesting accepted inside a record (default 256; CloudTrail records nest a few levels, their
    /// request parameters a few more). A deeper record is reported as a diagnostic and skipped, so a hostile file of
    /// nested brackets costs one pass over its bytes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 16.</exception>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
            _maxDepth = value;
        }
    }

    /// <summary>
    /// The most bytes read from one log object once decompressed (default 4 GiB; a delivered CloudTrail file is a few
    /// MB, a CloudTrail Lake export can be larger). Reading an object stops, with an error diagnostic, once more than
    /// this has been read: a small gzip file that expands without end (a decompression bomb) cannot keep the reader busy.
    /// The records read before the limit are kept.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 KiB.</exception>
    public long MaxInputBytes
    {
        get => _maxInputBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024);
            _maxInputBytes = value;
        }
    }

    /// <summary>
    /// Called for each diagnostic as it is found, for callers of <see cref="CloudTrailReader.ReadEventsAsync"/>;
    /// <see cref="CloudTrailReader.LoadAsync(ICloudTrailLogSource, CloudTrailReaderOptions?, CancellationToken)"/>
    /// also collects them into <see cref="CloudTrailLog.Diagnostics"/>. Called on the reading thread.
    /// </summary>
    public Action<CloudTrailDiagnostic>? OnDiagnostic { get; init; }
}
