using System.Collections.Immutable;
using System.Text.Json;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Serialization;
using JsonDiffPatchDotNet;
using Newtonsoft.Json.Linq;

namespace IamSnapshot.Diffing;

/// <summary>
/// Compares two snapshots structurally and semantically: entities are matched by ARN, a new unique id under the
/// same ARN is a recreation, the same unique id under a new ARN is a rename, and policy documents are compared by
/// what they grant (statement order, single value versus list, action case, key order, whitespace and Sids are
/// no change). Credential-report rows are compared per user (under <c>/credentials/…</c> on the user's change), and
/// the root row, password policy, aliases, identity providers and virtual MFA devices on one change of the account
/// (<see cref="EntityKind.Account"/>, on the root ARN). Last-used data, counters and update dates are never changes.
/// Stateless and thread-safe.
/// </summary>
public static class SnapshotDiffer
{
    /// <summary>Compares <paramref name="before"/> with <paramref name="after"/>.</summary>
    /// <param name="before">The earlier snapshot.</param>
    /// <param name="after">The later snapshot.</param>
    /// <returns>The differences.</returns>
    public static SnapshotDiff Compare(AccountSnapshot before, AccountSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = ImmutableArray.CreateBuilder<EntityChange>();
        var notes = ImmutableArray.CreateBuilder<string>();

        // Credential-report rows join the users by ARN, access keys by name: their changes land on the user's change.
        var users = CompareSection(before.Users, after.Users, SnapshotParts.Users, "users");
        AccountPartsDiffer.AddCredentialChanges(before, after, users, notes);
        AccountPartsDiffer.AddAccessKeyChanges(before, after, users, notes);
        changes.AddRange(users.OrderBy(c => c.Arn, StringComparer.Ordinal).ThenBy(c => c.Kind));
        changes.AddRange(CompareSection(before.Groups, after.Groups, SnapshotParts.Groups, "groups"));
        changes.AddRange(CompareSection(before.Roles, after.Roles, SnapshotParts.Roles, "roles (nor instance profiles)"));
        changes.AddRange(CompareSection(before.Policies, after.Policies, SnapshotParts.Policies, "managed policies"));
        changes.AddRange(CompareSection(before.InstanceProfiles, after.InstanceProfiles, SnapshotParts.Roles, null));
        if (AccountPartsDiffer.CompareAccount(before, after, notes) is { } account)
        {
            changes.Add(account);
        }

        if (before.Metadata.AccountId is { } a && after.Metadata.AccountId is { } b && !string.Equals(a, b, StringComparison.Ordinal))
        {
            notes.Add($"The snapshots are of different accounts ({a} and {b}); every difference is reported as a change.");
        }

        return new SnapshotDiff(before, after, changes.ToImmutable(), notes.ToImmutable());

        List<EntityChange> CompareSection<T>(ImmutableArray<T> old, ImmutableArray<T> @new, SnapshotParts part, string? what)
            where T : IamEntity
        {
            var inBefore = before.Metadata.Has(part);
            var inAfter = after.Metadata.Has(part);
            if (!inBefore || !inAfter)
            {
                if (inBefore != inAfter && what is not null)
                {
                    notes.Add($"The {(inBefore ? "after" : "before")} snapshot has no {what}; they were not compared.");
                }

                return [];
            }

            return CompareEntities(old, @new).ToList();
        }
    }

    /// <summary>Compares two versions of one entity and returns its property changes, sorted by path.</summary>
    internal static ImmutableArray<PropertyChange> CompareProperties(IamEntity before, IamEntity after, bool includeName)
    {
        if (ReferenceEquals(before, after))
        {
            return [];
        }

        // Properties come in a fixed order, so an unchanged entity (nearly all of them) yields the same paths in the
        // same order: compare pairwise first and build the lookups only when something differs.
        var oldList = Properties(before, includeName).ToList();
        var newList = Properties(after, includeName).ToList();
        if (oldList.Count == newList.Count && SamePairwise(oldList, newList))
        {
            return [];
        }

        var old = oldList.ToDictionary(p => p.Path, StringComparer.Ordinal);
        var @new = newList.ToDictionary(p => p.Path, StringComparer.Ordinal);
        var result = new List<PropertyChange>();
        foreach (var (path, value) in old)
        {
            if (!@new.TryGetValue(path, out var other))
            {
                result.Add(new PropertyChange(path, value.Category, value.Json, null));
            }
            else if (!value.SameAs(other))
            {
                result.Add(new PropertyChange(path, value.Category, value.Json, other.Json, Delta(value.Document, other.Document)));
            }
        }

        foreach (var (path, value) in @new)
        {
            if (!old.ContainsKey(path))
            {
                result.Add(new PropertyChange(path, value.Category, null, value.Json));
            }
        }

        return result.OrderBy(c => c.Path, StringComparer.Ordinal).ToImmutableArray();
    }

    private static bool SamePairwise(List<Property> old, List<Property> @new)
    {
        for (var i = 0; i < old.Count; i++)
        {
            if (!string.Equals(old[i].Path, @new[i].Path, StringComparison.Ordinal) || !old[i].SameAs(@new[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<EntityChange> CompareEntities<T>(ImmutableArray<T> before, ImmutableArray<T> after)
        where T : IamEntity
    {
        var afterByArn = after.ToDictionary(e => e.Arn, StringComparer.Ordinal);
        var beforeByArn = before.ToDictionary(e => e.Arn, StringComparer.Ordinal);
        var removed = before.Where(e => !afterByArn.ContainsKey(e.Arn)).ToList();
        var added = after.Where(e => !beforeByArn.ContainsKey(e.Arn)).ToList();

        // Renames: an entity that left one ARN and appeared under another with the same unique id.
        var addedById = added.Where(e => e.UniqueId.Length > 0).GroupBy(e => e.UniqueId, StringComparer.Ordinal)
            .Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var renamed = new List<(T Before, T After)>();
        foreach (var old in removed.ToList())
        {
            if (old.UniqueId.Length > 0 && addedById.Remove(old.UniqueId, out var @new))
            {
                renamed.Add((old, @new));
                removed.Remove(old);
                added.Remove(@new);
            }
        }

        var changes = new List<EntityChange>();
        foreach (var old in before)
        {
            if (!afterByArn.TryGetValue(old.Arn, out var @new))
            {
                continue;
            }

            var recreated = old.UniqueId.Length > 0 && @new.UniqueId.Length > 0 && !string.Equals(old.UniqueId, @new.UniqueId, StringComparison.Ordinal);
            var properties = CompareProperties(old, @new, includeName: false);
            if (recreated || !properties.IsEmpty)
            {
                changes.Add(Change(recreated ? ChangeKind.Recreated : ChangeKind.Modified, old, @new, properties));
            }
        }

        changes.AddRange(removed.Select(e => Change(ChangeKind.Removed, e, null, [])));
        changes.AddRange(added.Select(e => Change(ChangeKind.Added, null, e, [])));
        changes.AddRange(renamed.Select(r => Change(ChangeKind.Renamed, r.Before, r.After, CompareProperties(r.Before, r.After, includeName: true))));
        return changes.OrderBy(c => c.Arn, StringComparer.Ordinal).ThenBy(c => c.Kind);
    }

    private static EntityChange Change(ChangeKind kind, IamEntity? before, IamEntity? after, ImmutableArray<PropertyChange> properties)
    {
        var entity = after ?? before!;
        return new EntityChange
        {
            Kind = kind,
            EntityType = entity.Kind,
            Arn = entity.Arn,
            PreviousArn = kind == ChangeKind.Renamed ? before!.Arn : null,
            Before = before,
            After = after,
            Properties = properties,
            Origin = IsAwsOwned(before) || IsAwsOwned(after) ? ChangeOrigin.Aws : ChangeOrigin.Account,
        };
    }

    /// <summary>Entities that AWS creates and changes itself, never the account's people.</summary>
    internal static bool IsAwsOwned(IamEntity? entity) => entity switch
    {
        ManagedPolicy policy => policy.IsAwsManaged,
        IamRole role => role.IsServiceLinked || role.IsIdentityCenterRole,
        _ => false,
    };

    private static string? Delta(PolicyDocument? before, PolicyDocument? after)
    {
        if (before is null || after is null)
        {
            return null;
        }

        var delta = new JsonDiffPatch().Diff(JToken.Parse(before.NormalizedJson), JToken.Parse(after.NormalizedJson));
        return delta?.ToString(Newtonsoft.Json.Formatting.None);
    }

    private static string Json(string value) => IamSnapshotJsonContext.Quote(value);

    /// <summary>Escapes one JSON-pointer segment (RFC 6901): <c>~</c> becomes <c>~0</c>, <c>/</c> becomes <c>~1</c>.</summary>
    internal static string Segment(string value) => value.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Reverses <see cref="Segment"/>: <c>~1</c> becomes <c>/</c>, then <c>~0</c> becomes <c>~</c>.</summary>
    internal static string Unsegment(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static IEnumerable<Property> Properties(IamEntity entity, bool includeName)
    {
        if (includeName)
        {
            yield return new("/name", ChangeCategory.Metadata, entity.Name, IsJsonString: true);
        }

        yield return new("/path", ChangeCategory.Metadata, entity.Path, IsJsonString: true);
        if (entity is IamPolicyHolder holder)
        {
            foreach (var attachment in holder.AttachedPolicies)
            {
                yield return new("/attachedPolicies/" + Segment(attachment.PolicyArn), ChangeCategory.Permissions, attachment.PolicyArn, IsJsonString: true);
            }

            foreach (var inline in holder.InlinePolicies)
            {
                yield return Document("/inlinePolicies/" + Segment(inline.Name), ChangeCategory.Permissions, inline.Document);
            }
        }

        switch (entity)
        {
            case IamUser user:
                foreach (var group in user.GroupNames)
                {
                    yield return new("/groups/" + Segment(group), ChangeCategory.Membership, group, IsJsonString: true);
                }

                if (user.PermissionsBoundary is { } userBoundary)
                {
                    yield return new("/permissionsBoundary", ChangeCategory.Boundary, userBoundary.PolicyArn, IsJsonString: true);
                }

                foreach (var tag in Tags(user.Tags))
                {
                    yield return tag;
                }

                break;
            case IamRole role:
                yield return Document("/assumeRolePolicy", ChangeCategory.Trust, role.AssumeRolePolicy);
                if (role.PermissionsBoundary is { } roleBoundary)
                {
                    yield return new("/permissionsBoundary", ChangeCategory.Boundary, roleBoundary.PolicyArn, IsJsonString: true);
                }

                foreach (var profile in role.InstanceProfileArns)
                {
                    yield return new("/instanceProfiles/" + Segment(profile), ChangeCategory.Membership, profile, IsJsonString: true);
                }

                if (role.Description is { } description)
                {
                    yield return new("/description", ChangeCategory.Metadata, description, IsJsonString: true);
                }

                if (role.MaxSessionDuration is { } duration)
                {
                    yield return new("/maxSessionDuration", ChangeCategory.Metadata, duration.ToString(System.Globalization.CultureInfo.InvariantCulture), IsJsonString: false);
                }

                foreach (var tag in Tags(role.Tags))
                {
                    yield return tag;
                }

                break;
            case ManagedPolicy policy:
                yield return new("/defaultVersionId", ChangeCategory.Metadata, policy.DefaultVersionId, IsJsonString: true);
                if (policy.DefaultVersion is { } defaultVersion)
                {
                    // The document in force, whatever version holds it: what the policy grants.
                    yield return Document("/document", ChangeCategory.Permissions, defaultVersion.Document);
                }

                foreach (var version in policy.Versions)
                {
                    yield return Document("/versions/" + Segment(version.VersionId), ChangeCategory.Permissions, version.Document);
                }

                yield return new("/isAttachable", ChangeCategory.Metadata, policy.IsAttachable ? "true" : "false", IsJsonString: false);
                if (policy.Description is { } policyDescription)
                {
                    yield return new("/description", ChangeCategory.Metadata, policyDescription, IsJsonString: true);
                }

                foreach (var tag in Tags(policy.Tags))
                {
                    yield return tag;
                }

                break;
            case InstanceProfile profile:
                foreach (var role in profile.RoleArns)
                {
                    yield return new("/roles/" + Segment(role), ChangeCategory.Membership, role, IsJsonString: true);
                }

                foreach (var tag in Tags(profile.Tags))
                {
                    yield return tag;
                }

                break;
            default:
                break;
        }
    }

    private static IEnumerable<Property> Tags(ImmutableArray<Tag> tags) =>
        tags.Select(t => new Property("/tags/" + Segment(t.Key), ChangeCategory.Tags, t.Value, IsJsonString: true));

    private static Property Document(string path, ChangeCategory category, PolicyDocument document) =>
        new(path, category, string.Empty, IsJsonString: false, document);

    /// <summary>
    /// One comparable property. Its JSON is written only for properties that changed: most properties of two
    /// snapshots are equal, and comparing the raw value (or the document) decides that as well as the JSON would.
    /// </summary>
    private readonly record struct Property(string Path, ChangeCategory Category, string Value, bool IsJsonString, PolicyDocument? Document = null)
    {
        public string Json => Document is not null ? Document.NormalizedJson : IsJsonString ? SnapshotDiffer.Json(Value) : Value;

        public bool SameAs(Property other) => Document is not null && other.Document is not null
            ? Document.Equals(other.Document)
            : Document is null && other.Document is null && IsJsonString == other.IsJsonString
                ? string.Equals(Value, other.Value, StringComparison.Ordinal)
                : string.Equals(Json, other.Json, StringComparison.Ordinal);
    }
}
