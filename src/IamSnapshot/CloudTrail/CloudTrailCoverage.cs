using System.Collections.Immutable;
using IamSnapshot.CloudTrail.Parsing;

namespace IamSnapshot.CloudTrail;

/// <summary>A time interval, start inclusive, end exclusive.</summary>
/// <param name="Start">The start.</param>
/// <param name="End">The end.</param>
public sealed record CloudTrailTimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The length of the interval.</summary>
    public TimeSpan Duration => End - Start;
}

/// <summary>What the logs hold for one account in one region: first and last record, counts, and whole hours without any record.</summary>
public sealed record CloudTrailCoverageRange
{
    /// <summary>The account (<c>recipientAccountId</c>).</summary>
    public required string AccountId { get; init; }

    /// <summary>The region as recorded (not validated).</summary>
    public required string Region { get; init; }

    /// <summary>The time of the earliest record.</summary>
    public required DateTimeOffset First { get; init; }

    /// <summary>The time of the latest record.</summary>
    public required DateTimeOffset Last { get; init; }

    /// <summary>Records seen, of every service.</summary>
    public long RecordCount { get; init; }

    /// <summary>Records from <c>iam.amazonaws.com</c>, reads included.</summary>
    public long IamRecordCount { get; init; }

    /// <summary>
    /// Clock hours between <see cref="First"/> and <see cref="Last"/> with no record at all, merged into
    /// intervals. A quiet account has such hours too, so a gap is a hint (logging off, files missing), not proof.
    /// </summary>
    public ImmutableArray<CloudTrailTimeRange> Gaps { get; init; } = [];
}

/// <summary>
/// Which accounts, regions and times the logs cover, from every record read (IAM or not). Use it to
/// warn when the logs do not cover the window between two snapshots: a change with no explaining event
/// then proves nothing. Immutable and thread-safe.
/// </summary>
public sealed class CloudTrailCoverage
{
    /// <summary>Creates coverage from ranges.</summary>
    /// <param name="ranges">One range per account and region.</param>
    public CloudTrailCoverage(IEnumerable<CloudTrailCoverageRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        Ranges = [.. ranges.OrderBy(r => r.AccountId, StringComparer.Ordinal).ThenBy(r => r.Region, StringComparer.Ordinal)];
        First = Ranges.IsEmpty ? null : Ranges.Min(r => r.First);
        Last = Ranges.IsEmpty ? null : Ranges.Max(r => r.Last);
    }

    /// <summary>Coverage of no logs.</summary>
    public static CloudTrailCoverage Empty { get; } = new([]);

    /// <summary>One range per account and region, sorted by account then region.</summary>
    public ImmutableArray<CloudTrailCoverageRange> Ranges { get; }

    /// <summary>The earliest record of any account and region, or null when no record was read.</summary>
    public DateTimeOffset? First { get; }

    /// <summary>The latest record of any account and region, or null when no record was read.</summary>
    public DateTimeOffset? Last { get; }

    /// <summary>True when no record was read.</summary>
    public bool IsEmpty => Ranges.IsEmpty;

    /// <summary>
    /// The range where the account's IAM events are recorded. IAM is global: its events are recorded in
    /// <c>us-east-1</c> in the <c>aws</c> partition (<c>cn-north-1</c>, <c>us-gov-west-1</c> elsewhere), so a
    /// trail that does not log that region misses them. When the logs have no such region for the account
    /// (anonymised logs invent region names), the region with most IAM records is used.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <returns>The range, or null when the logs hold nothing for the account.</returns>
    public CloudTrailCoverageRange? FindIamRange(string accountId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var ofAccount = Ranges.Where(r => string.Equals(r.AccountId, accountId, StringComparison.Ordinal)).ToList();
        if (ofAccount.Count == 0)
        {
            return null;
        }

        foreach (var range in ofAccount)
        {
            if (string.Equals(range.Region, IamArn.GlobalRegionOf(IamArn.PartitionOfRegion(range.Region)), StringComparison.Ordinal))
            {
                return range;
            }
        }

        return ofAccount.Where(r => r.IamRecordCount > 0).MaxBy(r => r.IamRecordCount);
    }

    /// <summary>
    /// The parts of a window that the account's IAM logs do not cover: before their first record and
    /// after their last (each beyond <paramref name="tolerance"/>). Gaps inside the logs are not counted:
    /// see <see cref="CloudTrailCoverageRange.Gaps"/>. Empty means covered.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="from">Start of the window (for example the before-snapshot's capture time).</param>
    /// <param name="to">End of the window (for example the after-snapshot's capture time).</param>
    /// <param name="tolerance">How far from the window's ends the first and last record may be; default 15 minutes (log files arrive every 5 minutes, and quiet periods have no records).</param>
    /// <returns>The uncovered intervals; the whole window when the logs hold nothing for the account's IAM events.</returns>
    public ImmutableArray<CloudTrailTimeRange> FindUncoveredIamTime(string accountId, DateTimeOffset from, DateTimeOffset to, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        if (to < from)
        {
            throw new ArgumentException("the window ends before it starts", nameof(to));
        }

        var slack = tolerance ?? TimeSpan.FromMinutes(15);
        if (slack < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), "the tolerance must not be negative");
        }

        var range = FindIamRange(accountId);
        if (range is null)
        {
            return [new CloudTrailTimeRange(from, to)];
        }

        var uncovered = ImmutableArray.CreateBuilder<CloudTrailTimeRange>(2);
        if (range.First - slack > from)
        {
            uncovered.Add(new CloudTrailTimeRange(from, Min(range.First, to)));
        }

        if (range.Last + slack < to)
        {
            uncovered.Add(new CloudTrailTimeRange(Max(range.Last, from), to));
        }

        return uncovered.ToImmutable();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
