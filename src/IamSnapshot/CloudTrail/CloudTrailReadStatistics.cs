namespace IamSnapshot.CloudTrail;

/// <summary>Counts from one read, for progress output and to show what was skipped.</summary>
public sealed record CloudTrailReadStatistics
{
    /// <summary>Log objects (files) opened.</summary>
    public long LogObjects { get; init; }

    /// <summary>CloudTrail-Digest files recognised and skipped.</summary>
    public long DigestFiles { get; init; }

    /// <summary>Records seen, of every service (wrapped records counted once).</summary>
    public long Records { get; init; }

    /// <summary>Records from <c>iam.amazonaws.com</c>, reads included.</summary>
    public long IamRecords { get; init; }

    /// <summary>IAM write events kept (successful and failed), before duplicates were removed.</summary>
    public long IamWriteEvents { get; init; }

    /// <summary>Events seen more than once (same event id and account), for example from two overlapping trails; kept once.</summary>
    public long DuplicateEvents { get; init; }

    /// <summary>Bytes of decoded JSON read.</summary>
    public long Bytes { get; init; }
}
