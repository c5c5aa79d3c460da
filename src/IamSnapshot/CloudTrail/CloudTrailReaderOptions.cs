namespace IamSnapshot.CloudTrail;

/// <summary>Options of <see cref="CloudTrailReader"/>. Immutable; <see cref="Default"/> suits CloudTrail as delivered.</summary>
public sealed record CloudTrailReaderOptions
{
    private readonly int _maxRecordBytes = 64 * 1024 * 1024;

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
    /// Called for each diagnostic as it is found, for callers of <see cref="CloudTrailReader.ReadEventsAsync"/>;
    /// <see cref="CloudTrailReader.LoadAsync(ICloudTrailLogSource, CloudTrailReaderOptions?, CancellationToken)"/>
    /// also collects them into <see cref="CloudTrailLog.Diagnostics"/>. Called on the reading thread.
    /// </summary>
    public Action<CloudTrailDiagnostic>? OnDiagnostic { get; init; }
}
