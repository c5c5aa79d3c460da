using System.Collections.Immutable;
using IamSnapshot.CloudTrail.Parsing;
using IamSnapshot.Model;

namespace IamSnapshot.CloudTrail;

/// <summary>
/// The IAM events of a set of CloudTrail logs, what the logs cover, and what went wrong reading them;
/// answers "which events explain this change?" (<see cref="Explain"/>). Immutable and thread-safe.
/// </summary>
public sealed class CloudTrailLog
{
    private readonly Lazy<Dictionary<(EntityKind Kind, string Name), List<(CloudTrailEvent Event, IamChange Change)>>> _index;

    internal CloudTrailLog(IReadOnlyList<CloudTrailEvent> events, CloudTrailCoverage coverage, IEnumerable<CloudTrailDiagnostic> diagnostics, CloudTrailReadStatistics statistics)
    {
        var sorted = EventSet.ResolvePaths(events);
        sorted.Sort(EventSet.Order);
        Events = [.. sorted.Where(e => !e.IsFailed)];
        FailedEvents = [.. sorted.Where(e => e.IsFailed)];
        Coverage = coverage;
        Diagnostics = [.. diagnostics];
        Statistics = statistics;
        _index = new Lazy<Dictionary<(EntityKind, string), List<(CloudTrailEvent, IamChange)>>>(BuildIndex, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Successful IAM write events, sorted by time. Within one second (CloudTrail's resolution, where the true
    /// order is unknowable and files may even be sorted by event name) creations come before other changes
    /// and deletions after them, then log position and event id break ties, so the order never depends on
    /// the order the files were given in.
    /// </summary>
    public ImmutableArray<CloudTrailEvent> Events { get; }

    /// <summary>Failed IAM write events (<see cref="CloudTrailEvent.ErrorCode"/> set), sorted by time. They changed nothing.</summary>
    public ImmutableArray<CloudTrailEvent> FailedEvents { get; }

    /// <summary>Which accounts, regions and times the logs cover.</summary>
    public CloudTrailCoverage Coverage { get; }

    /// <summary>Problems met while reading, in the order found.</summary>
    public ImmutableArray<CloudTrailDiagnostic> Diagnostics { get; }

    /// <summary>Counts from the read.</summary>
    public CloudTrailReadStatistics Statistics { get; }

    /// <summary>Creates a log from events built elsewhere (tests, another store); failed events are split out.</summary>
    /// <param name="events">The events, in any order; duplicates (same event id and account) are kept once.</param>
    /// <param name="coverage">What the events' logs cover, or null for <see cref="CloudTrailCoverage.Empty"/>.</param>
    /// <returns>The log.</returns>
    public static CloudTrailLog FromEvents(IEnumerable<CloudTrailEvent> events, CloudTrailCoverage? coverage = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var unique = EventSet.RemoveDuplicates([.. events], out var duplicates);
        return new CloudTrailLog(unique, coverage ?? CloudTrailCoverage.Empty, [], new CloudTrailReadStatistics { IamWriteEvents = unique.Count + duplicates, DuplicateEvents = duplicates });
    }

    /// <summary>
    /// The successful events that explain a change, ordered by time: those whose changes touch the entity
    /// (same account, kind and name), in the category asked (<see cref="IamChangeCategory.Recreated"/> gives
    /// the deletions and creations; <see cref="IamChangeCategory.Created"/> and <see cref="IamChangeCategory.Deleted"/>
    /// include renames to and from the entity), with the subject asked, within the window widened by
    /// <see cref="AttributionQuery.Grace"/>. Empty means no logged event explains the change: it was made
    /// outside the logs' coverage (check <see cref="Coverage"/>) or with logging off.
    /// </summary>
    /// <param name="query">The question.</param>
    /// <returns>The explaining events with the matching change; the last one set the final state.</returns>
    public ImmutableArray<AttributedEvent> Explain(AttributionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var target = EntityKey.FromArn(query.EntityArn, query.EntityKind);
        if (!_index.Value.TryGetValue((target.Kind, target.Name), out var candidates))
        {
            return [];
        }

        var lower = query.From - query.Grace;
        var upper = query.To + query.Grace;
        var wantedSubject = query.Subject is null ? null : CloudTrailAnalysis.SubjectIdentity(query.Subject);
        var found = ImmutableArray.CreateBuilder<AttributedEvent>();
        foreach (var (item, change) in candidates)
        {
            if ((lower is not null && item.EventTime < lower) || (upper is not null && item.EventTime > upper))
            {
                continue;
            }

            if (!target.Matches(EntityKey.Of(change)) || !CategoryMatches(query.Category, change))
            {
                continue;
            }

            // A change that names no subject (an incomplete record) may still be the one: keep it.
            if (wantedSubject is not null && change.Subject is not null && !SubjectMatches(wantedSubject, change.Subject))
            {
                continue;
            }

            found.Add(new AttributedEvent(item, change));
        }

        return found.ToImmutable();
    }

    /// <summary>The transient changes among <see cref="Events"/> (see <see cref="CloudTrailAnalysis.FindTransientChanges"/>).</summary>
    /// <param name="from">The window's start, or null.</param>
    /// <param name="to">The window's end, or null.</param>
    /// <returns>The transient changes.</returns>
    public ImmutableArray<TransientChange> FindTransientChanges(DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        CloudTrailAnalysis.FindTransientChanges(Events, from, to);

    /// <summary>Bursts of failed IAM writes among <see cref="FailedEvents"/> (see <see cref="CloudTrailAnalysis.FindProbing"/>).</summary>
    /// <param name="threshold">How many failures make a burst (default 5).</param>
    /// <param name="window">How close together (default 10 minutes).</param>
    /// <returns>The bursts.</returns>
    public ImmutableArray<ProbingActivity> FindProbing(int threshold = 5, TimeSpan? window = null) =>
        CloudTrailAnalysis.FindProbing(FailedEvents, threshold, window);

    private static bool CategoryMatches(IamChangeCategory wanted, IamChange change) => wanted switch
    {
        IamChangeCategory.Recreated => change.Category is IamChangeCategory.Created or IamChangeCategory.Deleted
            || (change.Category == IamChangeCategory.Renamed && change.Operation != IamChangeOperation.Modified),
        IamChangeCategory.Created => change.Category == IamChangeCategory.Created
            || (change.Category == IamChangeCategory.Renamed && change.Operation == IamChangeOperation.Added),
        IamChangeCategory.Deleted => change.Category == IamChangeCategory.Deleted
            || (change.Category == IamChangeCategory.Renamed && change.Operation == IamChangeOperation.Removed),
        _ => change.Category == wanted,
    };

    private static bool SubjectMatches(string wantedIdentity, string subject)
    {
        var identity = CloudTrailAnalysis.SubjectIdentity(subject);
        if (string.Equals(identity, wantedIdentity, StringComparison.Ordinal))
        {
            return true;
        }

        // One side an ARN, the other a bare name (a group ARN asked, a group name recorded): compare names.
        return string.Equals(NameOf(identity), NameOf(wantedIdentity), StringComparison.Ordinal)
            && (identity.Contains(':', StringComparison.Ordinal) != wantedIdentity.Contains(':', StringComparison.Ordinal));

        static string NameOf(string identity) => identity[(identity.LastIndexOf(':') + 1)..];
    }

    private Dictionary<(EntityKind, string), List<(CloudTrailEvent, IamChange)>> BuildIndex()
    {
        var index = new Dictionary<(EntityKind, string), List<(CloudTrailEvent, IamChange)>>();
        foreach (var item in Events)
        {
            foreach (var change in item.Changes)
            {
                var key = EntityKey.Of(change);
                if (!index.TryGetValue((key.Kind, key.Name), out var list))
                {
                    list = [];
                    index.Add((key.Kind, key.Name), list);
                }

                list.Add((item, change));
            }
        }

        return index;
    }
}
