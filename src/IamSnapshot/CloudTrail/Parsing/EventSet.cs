using IamSnapshot.Model;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>Ordering, de-duplication and path resolution of a set of events.</summary>
internal static class EventSet
{
    /// <summary>
    /// Orders events by time, then, within one second (CloudTrail's resolution, where order is
    /// unknowable and files may even sort by event name), creations before other changes before
    /// deletions, then by position in the logs, then by event id: deterministic whatever the file order.
    /// </summary>
    public static IComparer<CloudTrailEvent> Order { get; } = Comparer<CloudTrailEvent>.Create(Compare);

    public static List<CloudTrailEvent> RemoveDuplicates(List<CloudTrailEvent> events, out long duplicates)
    {
        var seen = new HashSet<(string, string?)>();
        var unique = new List<CloudTrailEvent>(events.Count);
        duplicates = 0;
        foreach (var item in events)
        {
            if (seen.Add((item.EventId, item.AccountId)))
            {
                unique.Add(item);
            }
            else
            {
                duplicates++;
            }
        }

        return unique;
    }

    /// <summary>
    /// Records that name an entity without its path get ARNs with path <c>/</c>; other records of the same
    /// logs (a creation's response, a caller's ARN, <c>resources[]</c>) may show the real path. Use it.
    /// </summary>
    public static List<CloudTrailEvent> ResolvePaths(IReadOnlyList<CloudTrailEvent> events)
    {
        var known = new Dictionary<EntityKey, string>();
        void Learn(string? arn)
        {
            if (IamArn.TrySplit(arn, out _, out _, out var type, out var path, out _) && path != "/" && IamArn.KindOf(type) is { } kind and not EntityKind.Account)
            {
                known.TryAdd(EntityKey.FromArn(arn!, kind), arn!);
            }
        }

        foreach (var item in events)
        {
            Learn(item.Actor.Arn);
            Learn(item.Actor.SessionIssuerArn);
            foreach (var change in item.Changes)
            {
                Learn(change.EntityArn);
            }
        }

        if (known.Count == 0)
        {
            return [.. events];
        }

        string? Resolve(string? arn, EntityKind? kindHint)
        {
            if (!IamArn.TrySplit(arn, out _, out _, out var type, out var path, out _) || path != "/")
            {
                return arn;
            }

            var kind = kindHint ?? IamArn.KindOf(type);
            return kind is { } k && known.TryGetValue(EntityKey.FromArn(arn!, k), out var better) ? better : arn;
        }

        var result = new List<CloudTrailEvent>(events.Count);
        foreach (var item in events)
        {
            var changed = false;
            var changes = item.Changes.Select(change =>
            {
                var entityArn = Resolve(change.EntityArn, change.EntityKind)!;
                var subject = change.Subject is { } s && s.StartsWith("arn:", StringComparison.Ordinal) ? Resolve(s, null) : change.Subject;
                if (ReferenceEquals(entityArn, change.EntityArn) && ReferenceEquals(subject, change.Subject))
                {
                    return change;
                }

                changed = true;
                return change with { EntityArn = entityArn, Subject = subject };
            }).ToList();
            result.Add(changed ? item with { Changes = [.. changes] } : item);
        }

        return result;
    }

    private static int Compare(CloudTrailEvent? x, CloudTrailEvent? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byTime = x.EventTime.UtcTicks.CompareTo(y.EventTime.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byLifecycle = LifecycleRank(x).CompareTo(LifecycleRank(y));
        if (byLifecycle != 0)
        {
            return byLifecycle;
        }

        var bySource = string.CompareOrdinal(x.Position.Source, y.Position.Source);
        if (bySource != 0)
        {
            return bySource;
        }

        var byOffset = (x.Position.ByteOffset ?? 0).CompareTo(y.Position.ByteOffset ?? 0);
        return byOffset != 0 ? byOffset : string.CompareOrdinal(x.EventId, y.EventId);
    }

    private static int LifecycleRank(CloudTrailEvent item)
    {
        foreach (var change in item.Changes)
        {
            if (change.Category == IamChangeCategory.Created)
            {
                return 0;
            }

            if (change.Category == IamChangeCategory.Deleted)
            {
                return 2;
            }
        }

        return 1;
    }
}
