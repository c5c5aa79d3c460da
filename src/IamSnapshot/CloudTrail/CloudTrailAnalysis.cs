using System.Collections.Immutable;
using IamSnapshot.CloudTrail.Parsing;
using IamSnapshot.Model;

namespace IamSnapshot.CloudTrail;

/// <summary>Analyses over a set of IAM events: transient changes and probing. Pure functions; thread-safe.</summary>
public static class CloudTrailAnalysis
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalError",
    };

    /// <summary>
    /// Finds the changes made and undone inside a window, which a diff of snapshots taken at its ends cannot
    /// see: entities created and deleted, relations added and removed (policies, group memberships, keys,
    /// login profiles, inline policies, boundaries, instance-profile roles, tags), and states set and
    /// replaced (trust policies, inline policy documents, default policy versions). Deleting an entity ends
    /// the relations added to it in the window. Failed events are ignored.
    /// </summary>
    /// <param name="events">The events, in any order (they are sorted here).</param>
    /// <param name="from">The window's start, or null for no bound.</param>
    /// <param name="to">The window's end, or null for no bound.</param>
    /// <returns>The transient changes, ordered by the time they started; one per pair of events.</returns>
    public static ImmutableArray<TransientChange> FindTransientChanges(IEnumerable<CloudTrailEvent> events, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ordered = events
            .Where(e => !e.IsFailed && (from is null || e.EventTime >= from) && (to is null || e.EventTime <= to))
            .Order(EventSet.Order)
            .ToList();

        var created = new Dictionary<EntityKey, (CloudTrailEvent Event, IamChange Change)>();
        var open = new Dictionary<(EntityKey Entity, IamChangeCategory Category, string Subject), OpenState>();
        var found = new List<TransientChange>();
        var reported = new HashSet<(TransientChangeKind, string, string, IamChangeCategory, string, string)>();

        void Report(TransientChangeKind kind, IamChange change, CloudTrailEvent started, CloudTrailEvent ended)
        {
            // Both sides of a relation (user and group, role and policy) are tracked: the user-side change
            // "U in group G" and the group-side "G has member U" name the same pair, so report it once.
            var a = NameOf(change.EntityName);
            var b = NameOf(change.Subject);
            var (low, high) = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
            if (reported.Add((kind, started.EventId, ended.EventId, change.Category, low, high)))
            {
                found.Add(new TransientChange(kind, change, started, ended));
            }
        }

        foreach (var item in ordered)
        {
            foreach (var change in item.Changes)
            {
                var entity = EntityKey.Of(change);
                switch (change.Category)
                {
                    case IamChangeCategory.Created:
                    case IamChangeCategory.Renamed when change.Operation == IamChangeOperation.Added:
                        created[entity] = (item, change);
                        break;

                    case IamChangeCategory.Deleted:
                    case IamChangeCategory.Renamed when change.Operation == IamChangeOperation.Removed:
                        var creation = created.Remove(entity, out var made) ? made : default;
                        if (creation.Event is not null && change.Category == IamChangeCategory.Deleted && creation.Change.Category == IamChangeCategory.Created)
                        {
                            Report(TransientChangeKind.CreatedThenDeleted, creation.Change, creation.Event, item);
                        }

                        foreach (var key in open.Keys.Where(k => k.Entity == entity).ToList())
                        {
                            var state = open[key];
                            open.Remove(key);
                            if (state.AddedBy is not null && !ReferenceEquals(state.AddedBy, creation.Event))
                            {
                                Report(TransientChangeKind.AddedThenRemoved, state.AddedChange!, state.AddedBy, item);
                            }
                        }

                        break;

                    case IamChangeCategory.Other or IamChangeCategory.Recreated or IamChangeCategory.Renamed:
                        break;

                    default:
                        Track(open, entity, item, change, Report);
                        break;
                }
            }
        }

        return [.. found.OrderBy(t => t.Started, EventSet.Order).ThenBy(t => t.Ended, EventSet.Order)];
    }

    /// <summary>
    /// Finds actors with at least <paramref name="threshold"/> failed IAM writes within <paramref name="window"/>.
    /// Throttling and AWS internal errors are not counted; overlapping bursts are merged.
    /// </summary>
    /// <param name="events">Events; successful ones are ignored.</param>
    /// <param name="threshold">How many failures make a burst (default 5).</param>
    /// <param name="window">How close together they must be (default 10 minutes).</param>
    /// <returns>The bursts, ordered by start time.</returns>
    public static ImmutableArray<ProbingActivity> FindProbing(IEnumerable<CloudTrailEvent> events, int threshold = 5, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 2);
        var span = window ?? TimeSpan.FromMinutes(10);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero, nameof(window));

        var bursts = new List<ProbingActivity>();
        var byActor = events
            .Where(e => e.IsFailed && e.ReadOnly != true && !ThrottlingCodes.Contains(e.ErrorCode!))
            .GroupBy(e => e.Actor.Id, StringComparer.Ordinal);
        foreach (var group in byActor)
        {
            var failures = group.Order(EventSet.Order).ToList();
            var inBurst = new bool[failures.Count];
            var start = 0;
            for (var end = 0; end < failures.Count; end++)
            {
                while (failures[end].EventTime - failures[start].EventTime > span)
                {
                    start++;
                }

                if (end - start + 1 >= threshold)
                {
                    Array.Fill(inBurst, true, start, end - start + 1);
                }
            }

            for (var i = 0; i < failures.Count; i++)
            {
                if (!inBurst[i])
                {
                    continue;
                }

                var first = i;
                while (i + 1 < failures.Count && inBurst[i + 1])
                {
                    i++;
                }

                var burst = failures.GetRange(first, i - first + 1);
                bursts.Add(new ProbingActivity
                {
                    Actor = burst[0].Actor,
                    Start = burst[0].EventTime,
                    End = burst[^1].EventTime,
                    Events = [.. burst],
                });
            }
        }

        return [.. bursts.OrderBy(b => b.Start).ThenBy(b => b.Actor.Id, StringComparer.Ordinal)];
    }

    private static void Track(
        Dictionary<(EntityKey Entity, IamChangeCategory Category, string Subject), OpenState> open,
        EntityKey entity,
        CloudTrailEvent item,
        IamChange change,
        Action<TransientChangeKind, IamChange, CloudTrailEvent, CloudTrailEvent> report)
    {
        var key = (entity, change.Category, SubjectKey(change));
        open.TryGetValue(key, out var state);
        switch (change.Operation)
        {
            case IamChangeOperation.Added:
            case IamChangeOperation.Modified:
                if (state is not null && Supersedes(change.Category))
                {
                    report(TransientChangeKind.Superseded, state.LatestChange, state.Latest, item);
                }

                open[key] = new OpenState(
                    state?.AddedBy ?? (change.Operation == IamChangeOperation.Added ? item : null),
                    state?.AddedChange ?? (change.Operation == IamChangeOperation.Added ? change : null),
                    item,
                    change);
                break;

            case IamChangeOperation.Removed when state is not null:
                open.Remove(key);
                if (state.AddedBy is not null)
                {
                    report(TransientChangeKind.AddedThenRemoved, state.AddedChange!, state.AddedBy, item);
                }
                else if (Supersedes(change.Category))
                {
                    report(TransientChangeKind.Superseded, state.LatestChange, state.Latest, item);
                }

                break;
        }
    }

    /// <summary>Categories where a second event replaces the state the first one set.</summary>
    private static bool Supersedes(IamChangeCategory category) => category is
        IamChangeCategory.Trust or IamChangeCategory.InlinePolicy or IamChangeCategory.PermissionsBoundary
        or IamChangeCategory.DefaultPolicyVersion or IamChangeCategory.LoginProfile or IamChangeCategory.AccessKey
        or IamChangeCategory.Properties or IamChangeCategory.PasswordPolicy or IamChangeCategory.Tags;

    /// <summary>Single-valued parts (one trust, one boundary, one login profile, one default version) ignore the subject.</summary>
    private static string SubjectKey(IamChange change) => change.Category switch
    {
        IamChangeCategory.Trust or IamChangeCategory.PermissionsBoundary or IamChangeCategory.LoginProfile
            or IamChangeCategory.DefaultPolicyVersion or IamChangeCategory.PasswordPolicy => string.Empty,
        _ => SubjectIdentity(change.Subject),
    };

    /// <summary>A subject's identity for matching: an IAM ARN by kind, account and name; anything else by its text, ignoring case.</summary>
    internal static string SubjectIdentity(string? subject)
    {
        if (subject is null)
        {
            return string.Empty;
        }

        if (IamArn.TrySplit(subject, out _, out var account, out var type, out _, out var name) && IamArn.KindOf(type) is not null)
        {
            return $"{type}:{account}:{name.ToUpperInvariant()}";
        }

        return subject.ToUpperInvariant();
    }

    private static string NameOf(string? nameOrArn)
    {
        if (nameOrArn is null)
        {
            return string.Empty;
        }

        return IamArn.TrySplit(nameOrArn, out _, out _, out _, out _, out var name) ? name.ToUpperInvariant() : nameOrArn.ToUpperInvariant();
    }

    private sealed record OpenState(CloudTrailEvent? AddedBy, IamChange? AddedChange, CloudTrailEvent Latest, IamChange LatestChange);
}
