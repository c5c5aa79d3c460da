using System.Globalization;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Rules;
using IamSnapshot.Rules.BuiltIn;
using IamSnapshot.Sources;

namespace IamSnapshot.Reporting;

/// <summary>One statement that a policy-document change added or removed, described in words.</summary>
/// <param name="Added">True when the statement exists only after.</param>
/// <param name="Text">A one-line description such as <c>Allow s3:* on *</c>.</param>
internal sealed record StatementChange(bool Added, string Text);

/// <summary>One entity as reports show it: its findings and its changes, grouped by ARN.</summary>
/// <param name="Arn">The entity's ARN.</param>
/// <param name="EntityType">The kind of entity, when known.</param>
/// <param name="Name">A display name.</param>
/// <param name="Findings">Its findings, in report order.</param>
/// <param name="Changes">Its changes.</param>
internal sealed record EntityEntry(string Arn, EntityKind? EntityType, string Name, IReadOnlyList<Finding> Findings, IReadOnlyList<EntityChange> Changes)
{
    /// <summary>The highest severity of its unsuppressed findings, or null.</summary>
    public Severity? TopSeverity => Findings.Where(f => !f.Suppressed).Select(f => (Severity?)f.Severity).Max();
}

/// <summary>
/// What several report formats compute alike: entities grouped with their findings, statement-level deltas of
/// policy documents, one-line descriptions. Keeping it in one place keeps the formats consistent.
/// </summary>
internal static class ReportFacts
{
    /// <summary>Principals whose access changed, account-controlled ones first, each with a one-line summary.</summary>
    public static IReadOnlyList<Policies.Access.PrincipalAccessDelta> AccessDelta(DiffReport report) =>
        report.Diff.AccessDelta.Where(d => d.AllActionsGained || d.AllActionsLost || d.GainedCount > 0 || d.LostCount > 0 || !d.Gained.IsEmpty || !d.Lost.IsEmpty).ToList();

    /// <summary>"gained 117 actions (57 Write, 27 Permissions management, …) in s3; lost nothing".</summary>
    public static string AccessSummary(Policies.Access.PrincipalAccessDelta delta)
    {
        static string Side(string verb, bool all, int count, System.Collections.Immutable.ImmutableSortedDictionary<Policies.Catalog.AccessLevel, int> byLevel, System.Collections.Immutable.ImmutableSortedDictionary<string, int> byService)
        {
            if (all)
            {
                return $"{verb} full access ({count.ToString(CultureInfo.InvariantCulture)} actions)";
            }

            if (count == 0)
            {
                return $"{verb} nothing";
            }

            var levels = string.Join(", ", byLevel.Where(l => l.Value > 0).OrderByDescending(l => l.Value).Select(l => $"{l.Value.ToString(CultureInfo.InvariantCulture)} {LevelName(l.Key)}"));
            var services = string.Join(", ", byService.OrderByDescending(x => x.Value).Take(4).Select(x => x.Key)) + (byService.Count > 4 ? ", …" : string.Empty);
            return $"{verb} {count.ToString(CultureInfo.InvariantCulture)} action(s) ({levels}) in {services}";
        }

        return Side("gained", delta.AllActionsGained, delta.GainedCount, delta.Summary.GainedByLevel, delta.Summary.GainedByService)
            + "; " + Side("lost", delta.AllActionsLost, delta.LostCount, delta.Summary.LostByLevel, delta.Summary.LostByService);
    }

    /// <summary>The words for an access level.</summary>
    public static string LevelName(Policies.Catalog.AccessLevel level) => level switch
    {
        Policies.Catalog.AccessLevel.PermissionsManagement => "Permissions management",
        _ => level.ToString(),
    };

    /// <summary>One line per grant: "s3:PutBucketPolicy on * (conditional) via managed policy X".</summary>
    public static string Grant(Policies.Access.ActionGrant grant)
    {
        var on = grant.Resources.IsEmpty ? "*" : string.Join(", ", grant.Resources);
        if (!grant.NotResources.IsEmpty)
        {
            on += " except " + string.Join(", ", grant.NotResources);
        }

        var via = string.Join("; ", grant.Via.Select(v => v.ToString()));
        return $"{grant.Action} on {on}{(grant.Conditional ? " (conditional)" : string.Empty)}{(via.Length > 0 ? " via " + via : string.Empty)}";
    }

    /// <summary>"2023-07-10T12:24:49Z CreateUser by arn:… (session alice of role …) from 203.0.113.28, key AKIA…".</summary>
    public static string Event(CloudTrail.AttributedEvent attributed)
    {
        var e = attributed.Event;
        var actor = e.Actor.Arn ?? e.Actor.Id;
        var session = e.Actor.SessionName is { } name ? $" (session {name}{(e.Actor.SessionIssuerArn is { } issuer ? " of " + issuer : string.Empty)})" : string.Empty;
        var origin = attributed.IsAwsServiceChange ? " [made by AWS]" : string.Empty;
        var key = e.Actor.AccessKeyId is { } k ? $", key {k}" : string.Empty;
        return $"{e.EventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {e.EventName} by {actor}{session} from {e.SourceIpAddress ?? "unknown"}{key}{origin}";
    }

    /// <summary>Entities with findings first (highest severity first), then by ARN.</summary>
    public static IReadOnlyList<EntityEntry> Entities(DiffReport report)
    {
        var findingsByArn = report.Findings.GroupBy(f => f.Arn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var changesByArn = report.Diff.Changes.GroupBy(c => c.Arn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return findingsByArn.Keys.Union(changesByArn.Keys, StringComparer.Ordinal)
            .Select(arn =>
            {
                var findings = findingsByArn.GetValueOrDefault(arn) ?? [];
                var changes = changesByArn.GetValueOrDefault(arn) ?? [];
                var type = changes.Count > 0 ? changes[0].EntityType : findings.Count > 0 ? findings[0].EntityType : null;
                return new EntityEntry(arn, type, DisplayName(arn, changes), findings, changes);
            })
            .OrderByDescending(e => e.Findings.Count == 0 ? 0 : (int)(e.TopSeverity ?? Severity.Info) + 1)
            .ThenBy(e => e.Arn, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The name of an entity: from its change, else the last segment of its ARN.</summary>
    public static string DisplayName(string arn, IReadOnlyList<EntityChange> changes) =>
        changes.Count > 0 ? changes[0].Name : NameFromArn(arn);

    /// <summary>
    /// The name of the entity a finding is about: from the diff when the entity changed (names may hold characters
    /// an ARN path would split), else from the ARN.
    /// </summary>
    public static string EntityName(DiffReport report, string arn)
    {
        foreach (var change in report.Diff.Changes)
        {
            if (string.Equals(change.Arn, arn, StringComparison.Ordinal))
            {
                return change.Name;
            }
        }

        return NameFromArn(arn);
    }

    /// <summary>The last path segment of an ARN (the entity name), or the ARN itself.</summary>
    public static string NameFromArn(string arn) =>
        arn.Contains('/', StringComparison.Ordinal) ? arn[(arn.LastIndexOf('/') + 1)..] : arn;

    /// <summary>True when the property holds a policy document (shown as statement deltas, not JSON).</summary>
    public static bool IsPolicyDocument(PropertyChange property) =>
        property.Category is ChangeCategory.Permissions or ChangeCategory.Trust
        && (property.OldValue ?? property.NewValue)!.StartsWith('{');

    /// <summary>
    /// The statements a policy-document change removed and added, Allow before Deny, removals before additions
    /// within each effect; semantically equal statements (order, case, Sid) are never listed.
    /// </summary>
    public static IReadOnlyList<StatementChange> StatementChanges(PropertyChange property)
    {
        var before = property.OldValue is null ? null : PolicyDocument.Parse(property.OldValue);
        var after = property.NewValue is null ? null : PolicyDocument.Parse(property.NewValue);
        var result = new List<StatementChange>();
        foreach (var effect in new[] { PolicyEffect.Allow, PolicyEffect.Deny })
        {
            var removed = before is null ? [] : after is null ? before.Statements.Where(s => s.Effect == effect).ToList() : StatementDelta.Added(after, before, effect);
            var added = after is null ? [] : before is null ? after.Statements.Where(s => s.Effect == effect).ToList() : StatementDelta.Added(before, after, effect);
            result.AddRange(removed.Select(s => new StatementChange(false, Describe(s))));
            result.AddRange(added.Select(s => new StatementChange(true, Describe(s))));
        }

        return result;
    }

    /// <summary>A one-line description of a statement, with its principals when it has any.</summary>
    public static string Describe(PolicyStatement statement)
    {
        var text = StatementDelta.Describe(statement);
        return statement.Principal is { } principal
            ? $"{text} for {string.Join(", ", principal.All.Select(p => $"{p.Type}:{p.Value}"))}"
            : text;
    }

    /// <summary>The sign of a property change: <c>+</c>, <c>-</c> or <c>~</c>.</summary>
    public static string Sign(PropertyChange property) => property.IsAddition ? "+" : property.IsRemoval ? "-" : "~";

    /// <summary>A snapshot described in one line: name, account, capture time.</summary>
    public static string Describe(string name, SnapshotMetadata metadata) =>
        $"{name} (account {metadata.AccountId ?? "unknown"}, {CapturedAt(metadata)})";

    /// <summary>The capture time in ISO 8601, or words saying it is unknown.</summary>
    public static string CapturedAt(SnapshotMetadata metadata) =>
        metadata.CapturedAt is { } at ? IamDates.Format(at) : "capture time unknown";

    /// <summary>The summary line of counts shared by the text and Markdown reports.</summary>
    public static string CountsLine(DiffReport report)
    {
        var counts = report.CountsBySeverity;
        var suppressed = report.Findings.Count(f => f.Suppressed);
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Diff.Changes.Length} change(s), {report.Findings.Length - suppressed} finding(s): {counts[Severity.Critical]} critical, {counts[Severity.High]} high, {counts[Severity.Medium]} medium, {counts[Severity.Low]} low, {counts[Severity.Info]} info{(suppressed > 0 ? $" ({suppressed} suppressed)" : string.Empty)}");
    }

    /// <summary>Severities from the highest down.</summary>
    public static IEnumerable<Severity> SeveritiesDescending => Enum.GetValues<Severity>().Reverse();

    /// <summary>The descriptor of a rule, from the report's rule list, or one made from the finding when unknown.</summary>
    public static RuleDescriptor DescriptorOf(DiffReport report, Finding finding) =>
        report.Rules.FirstOrDefault(d => d.Id == finding.RuleId)
        ?? new RuleDescriptor(finding.RuleId, finding.Title, "{0}", CategoryOf(finding.RuleId), finding.Kind, finding.Severity, finding.Title);

    /// <summary>The descriptors of the rules that produced at least one finding, by id.</summary>
    public static IReadOnlyList<RuleDescriptor> FiredRules(IEnumerable<DiffReport> reports) =>
        reports.SelectMany(r => r.Findings.Select(f => DescriptorOf(r, f)))
            .DistinctBy(d => d.Id, StringComparer.Ordinal)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The category that owns a rule id's range (IAM1xxx privilege, IAM2xxx trust, …).</summary>
    public static RuleCategory CategoryOf(string ruleId) =>
        ruleId.Length == 7 && ruleId[3] is >= '0' and <= '6' ? (RuleCategory)(ruleId[3] - '0') : RuleCategory.Engine;

    /// <summary>The URL of a rule's documentation page.</summary>
    public static string HelpUri(RuleDescriptor descriptor) => DocsBase + descriptor.HelpPath;

    /// <summary>Where the documentation lives; rule help links point into it.</summary>
    public const string DocsBase = "https://github.com/iamsnapshot/iamsnapshot/blob/main/";

    /// <summary>The project's home page.</summary>
    public const string ProjectUri = "https://github.com/iamsnapshot/iamsnapshot";
}
