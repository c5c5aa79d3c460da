using System.Collections.Immutable;
using System.Globalization;
using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.CloudTrail;

/// <summary>Options of <see cref="ChangeAttribution.Compute"/>. Immutable.</summary>
public sealed record AttributionOptions
{
    /// <summary>
    /// How far the window between the two capture times is widened at both ends, for CloudTrail's delivery delay and
    /// IAM's eventual consistency (an event logged just after the capture may explain a change the capture saw).
    /// </summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed IAM writes by one actor within <see cref="ProbingWindow"/> that count as probing.</summary>
    public int ProbingThreshold { get; init; } = 5;

    /// <summary>The window over which failed writes are counted.</summary>
    public TimeSpan ProbingWindow { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Who made each change of a diff, from CloudTrail: the explaining events of every change, the changes no event
/// explains although the logs cover the window, the transient changes the diff cannot see, probing, and what the logs
/// cover. Immutable and thread-safe.
/// </summary>
public sealed class ChangeAttribution
{
    private readonly ImmutableDictionary<EntityChange, ImmutableArray<AttributedEvent>> _events;

    private ChangeAttribution(
        CloudTrailLog log,
        DateTimeOffset? from,
        DateTimeOffset? to,
        bool windowFromLogs,
        bool coversWindow,
        ImmutableDictionary<EntityChange, ImmutableArray<AttributedEvent>> events,
        ImmutableArray<UnexplainedChange> unexplained,
        ImmutableArray<TransientChange> transient,
        ImmutableArray<ProbingActivity> probing,
        ImmutableArray<string> notes)
    {
        Log = log;
        WindowStart = from;
        WindowEnd = to;
        WindowFromLogs = windowFromLogs;
        CoversWindow = coversWindow;
        _events = events;
        Unexplained = unexplained;
        Transient = transient;
        Probing = probing;
        Notes = notes;
    }

    /// <summary>The logs.</summary>
    public CloudTrailLog Log { get; }

    /// <summary>Start of the window (the before capture time minus the grace period), or null when unknown.</summary>
    public DateTimeOffset? WindowStart { get; }

    /// <summary>End of the window (the after capture time plus the grace period), or null when unknown.</summary>
    public DateTimeOffset? WindowEnd { get; }

    /// <summary>True when a snapshot had no capture time, so the window is what the logs cover.</summary>
    public bool WindowFromLogs { get; }

    /// <summary>True when the logs cover the whole window for the account's IAM events, so a missing event means something.</summary>
    public bool CoversWindow { get; }

    /// <summary>Changes with no explaining event in a window the logs cover (changes AWS makes itself excluded).</summary>
    public ImmutableArray<UnexplainedChange> Unexplained { get; }

    /// <summary>Entities created and deleted, or grants added and removed, inside the window: invisible to the diff.</summary>
    public ImmutableArray<TransientChange> Transient { get; }

    /// <summary>Repeated failed IAM writes by one actor inside the window.</summary>
    public ImmutableArray<ProbingActivity> Probing { get; }

    /// <summary>What the attribution could not do, in words (coverage gaps, unknown capture times).</summary>
    public ImmutableArray<string> Notes { get; }

    /// <summary>The events that explain a change, oldest first (empty when none).</summary>
    /// <param name="change">A change of the diff the attribution was computed for.</param>
    /// <returns>The explaining events.</returns>
    public ImmutableArray<AttributedEvent> EventsFor(EntityChange change) =>
        change is not null && _events.TryGetValue(change, out var events) ? events : [];

    /// <summary>Attributes every change of <paramref name="diff"/> to the events of <paramref name="log"/>.</summary>
    /// <param name="diff">The differences.</param>
    /// <param name="log">The CloudTrail logs.</param>
    /// <param name="options">Grace period and probing thresholds.</param>
    /// <returns>The attribution.</returns>
    public static ChangeAttribution Compute(SnapshotDiff diff, CloudTrailLog log, AttributionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(log);
        options ??= new AttributionOptions();
        var notes = ImmutableArray.CreateBuilder<string>();
        var beforeTime = diff.Before.Metadata.CapturedAt;
        var afterTime = diff.After.Metadata.CapturedAt;
        var windowFromLogs = beforeTime is null || afterTime is null;
        DateTimeOffset? from = beforeTime - options.Grace;
        DateTimeOffset? to = afterTime + options.Grace;
        if (windowFromLogs)
        {
            notes.Add("A snapshot has no capture time, so the window is whatever the logs cover" +
                (log.Coverage.First is { } first && log.Coverage.Last is { } last ? $" ({Format(first)} to {Format(last)})." : "."));
        }

        var account = diff.After.Metadata.AccountId ?? diff.Before.Metadata.AccountId;
        var covers = false;
        if (log.Coverage.IsEmpty)
        {
            notes.Add("The logs hold no records; no change can be attributed.");
        }
        else if (account is null)
        {
            notes.Add("The snapshots do not name their account, so the logs' coverage cannot be checked.");
        }
        else if (log.Coverage.FindIamRange(account) is not { } range)
        {
            notes.Add($"The logs have no IAM records for account {account} (IAM is global: its events are recorded in us-east-1 in the aws partition).");
        }
        else
        {
            // Coverage is judged on the capture window itself; the grace period only widens matching.
            var start = beforeTime ?? range.First;
            var end = afterTime ?? range.Last;
            var uncovered = log.Coverage.FindUncoveredIamTime(account, start, end);
            covers = !windowFromLogs && uncovered.IsEmpty;
            foreach (var gap in uncovered)
            {
                notes.Add($"The logs do not cover {Format(gap.Start)} to {Format(gap.End)} of the window for account {account} (region {range.Region}); changes made then cannot be attributed.");
            }
        }

        var events = ImmutableDictionary.CreateBuilder<EntityChange, ImmutableArray<AttributedEvent>>(ReferenceEqualityComparer.Instance);
        var unexplained = ImmutableArray.CreateBuilder<UnexplainedChange>();
        foreach (var change in diff.Changes)
        {
            var all = new List<AttributedEvent>();
            foreach (var (property, category, subject) in Queries(change))
            {
                var found = log.Explain(new AttributionQuery(change.Arn, change.EntityType, category) { Subject = subject, From = beforeTime, To = afterTime, Grace = options.Grace });
                if (found.IsEmpty && change.Kind == ChangeKind.Renamed && change.PreviousArn is { } previous)
                {
                    found = log.Explain(new AttributionQuery(previous, change.EntityType, category) { Subject = subject, From = beforeTime, To = afterTime, Grace = options.Grace });
                }

                all.AddRange(found);
                if (found.IsEmpty && covers && change.Origin == ChangeOrigin.Account && category != IamChangeCategory.Other)
                {
                    unexplained.Add(new UnexplainedChange(change, property));
                }
            }

            events[change] = [.. all.DistinctBy(e => e.Event.EventId).OrderBy(e => e.Event.EventTime)];
        }

        var transient = log.FindTransientChanges(from, to);
        var probing = log.FindProbing(options.ProbingThreshold, options.ProbingWindow)
            .Where(p => (from is null || p.End >= from) && (to is null || p.Start <= to))
            .ToImmutableArray();
        return new ChangeAttribution(log, from, to, windowFromLogs, covers, events.ToImmutable(), unexplained.ToImmutable(), transient, probing, notes.ToImmutable());
    }

    /// <summary>The events to look for to explain a change: one query per property (or one for the whole entity).</summary>
    internal static IEnumerable<(PropertyChange? Property, IamChangeCategory Category, string? Subject)> Queries(EntityChange change)
    {
        switch (change.Kind)
        {
            case ChangeKind.Added:
                yield return (null, IamChangeCategory.Created, null);
                yield break;
            case ChangeKind.Removed:
                yield return (null, IamChangeCategory.Deleted, null);
                yield break;
            case ChangeKind.Recreated:
                yield return (null, IamChangeCategory.Recreated, null);
                yield break;
            case ChangeKind.Renamed:
                yield return (null, IamChangeCategory.Renamed, null);
                yield break;
            default:
                break;
        }

        foreach (var property in change.Properties)
        {
            var (category, subject) = Map(change.EntityType, property.Path);
            yield return (property, category, subject);
        }
    }

    private static (IamChangeCategory Category, string? Subject) Map(EntityKind kind, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Unescape).ToArray();
        var head = segments.Length > 0 ? segments[0] : string.Empty;
        var rest = segments.Length > 1 ? segments[1] : null;
        return head switch
        {
            "assumeRolePolicy" => (IamChangeCategory.Trust, null),
            "inlinePolicies" => (IamChangeCategory.InlinePolicy, rest),
            "attachedPolicies" => (IamChangeCategory.AttachedPolicy, rest),
            "groups" => (IamChangeCategory.GroupMembership, rest),
            "permissionsBoundary" => (IamChangeCategory.PermissionsBoundary, null),
            "tags" => (IamChangeCategory.Tags, rest),
            "document" or "defaultVersionId" => (IamChangeCategory.DefaultPolicyVersion, null),
            "versions" => (IamChangeCategory.PolicyVersion, rest),
            "instanceProfiles" => (IamChangeCategory.InstanceProfileRole, rest),
            "roles" when kind == EntityKind.InstanceProfile => (IamChangeCategory.InstanceProfileRole, rest?[(rest.LastIndexOf('/') + 1)..]),
            "credentials" => rest switch
            {
                "password" => (IamChangeCategory.LoginProfile, null),
                "mfaActive" => (IamChangeCategory.MfaDevice, null),
                { } r when r.StartsWith("accessKey", StringComparison.Ordinal) => (IamChangeCategory.AccessKey, null),
                { } r when r.StartsWith("certificate", StringComparison.Ordinal) => (IamChangeCategory.SigningCertificate, null),
                _ => (IamChangeCategory.Other, null),
            },
            "passwordPolicy" => (IamChangeCategory.PasswordPolicy, null),
            "accountAliases" => (IamChangeCategory.AccountAlias, null),
            // /identityProviders/openIdConnect/ARN[/clientIds/ID…]: the events name the provider by its ARN.
            "identityProviders" => (IamChangeCategory.IdentityProvider, segments.Length > 2 ? segments[2] : rest),

            // /serverCertificates/ARN: the events name the certificate (ServerCertificateName), the last part of its ARN.
            "serverCertificates" => (IamChangeCategory.ServerCertificate, rest?[(rest.LastIndexOf('/') + 1)..]),
            "description" or "maxSessionDuration" => (IamChangeCategory.Properties, null),
            "path" or "name" => (IamChangeCategory.Renamed, null),
            _ => (IamChangeCategory.Other, null),
        };
    }

    private static string Unescape(string segment) => SnapshotDiffer.Unsegment(segment);

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>A change, or one property of it, that no CloudTrail event explains.</summary>
/// <param name="Change">The entity change.</param>
/// <param name="Property">The property, or null when the whole entity was added, removed or recreated.</param>
public sealed record UnexplainedChange(EntityChange Change, PropertyChange? Property);
