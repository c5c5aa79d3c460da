using System.Collections.Immutable;
using System.Text.Json;
using IamSnapshot.Model;

namespace IamSnapshot.Sources;

/// <summary>
/// Turns <c>get-account-authorization-details</c> output (AWS CLI or boto3, pages already merged) into an
/// <see cref="AccountSnapshot"/>. Tolerates every shape real dumps have: missing or empty lists, dates in
/// several forms, policy documents as objects or as URL-encoded / escaped strings, empty paths, attached
/// policies missing from <c>Policies</c>, PascalCase or camelCase keys.
/// </summary>
internal static class AuthorizationDetailsLoader
{
    public const string SourceName = "aws-cli:get-account-authorization-details";

    private static readonly string[] TopLevelLists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];

    /// <summary>True when the JSON looks like authorization-details output.</summary>
    public static bool Recognises(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && TopLevelLists.Any(name => JsonPathReader.TryGet(root, name, out _));

    public static AccountSnapshot Load(JsonElement root, string filePath, SnapshotMetadata? metadata = null)
    {
        var reader = new JsonPathReader(filePath);
        if (!Recognises(root))
        {
            throw reader.Error("$", "expected get-account-authorization-details output: an object with UserDetailList, GroupDetailList, RoleDetailList or Policies");
        }

        var parts = SnapshotParts.None;
        var users = ImmutableArray.CreateBuilder<IamUser>();
        var groups = ImmutableArray.CreateBuilder<IamGroup>();
        var roles = ImmutableArray.CreateBuilder<IamRole>();
        var policies = ImmutableArray.CreateBuilder<ManagedPolicy>();
        var profiles = new Dictionary<string, InstanceProfile>(StringComparer.Ordinal);

        // A missing top-level list means the dump did not include that part (for example a --filter), which is
        // "absent", not "empty": the differ must not report its entities as removed.
        if (JsonPathReader.TryGet(root, "UserDetailList", out _))
        {
            parts |= SnapshotParts.Users;
            foreach (var (item, path) in reader.OptionalArray(root, "UserDetailList", "$"))
            {
                users.Add(ReadUser(reader, item, path));
            }
        }

        if (JsonPathReader.TryGet(root, "GroupDetailList", out _))
        {
            parts |= SnapshotParts.Groups;
            foreach (var (item, path) in reader.OptionalArray(root, "GroupDetailList", "$"))
            {
                groups.Add(ReadGroup(reader, item, path));
            }
        }

        if (JsonPathReader.TryGet(root, "RoleDetailList", out _))
        {
            parts |= SnapshotParts.Roles;
            foreach (var (item, path) in reader.OptionalArray(root, "RoleDetailList", "$"))
            {
                roles.Add(ReadRole(reader, item, path, profiles));
            }
        }

        if (JsonPathReader.TryGet(root, "Policies", out _))
        {
            parts |= SnapshotParts.Policies;
            foreach (var (item, path) in reader.OptionalArray(root, "Policies", "$"))
            {
                policies.Add(ReadPolicy(reader, item, path));
            }
        }

        var allArns = users.Select(u => u.Arn).Concat(groups.Select(g => g.Arn)).Concat(roles.Select(r => r.Arn))
            .Concat(policies.Where(p => !p.IsAwsManaged).Select(p => p.Arn));
        var (accountId, partition) = InferAccount(allArns);
        var meta = (metadata ?? new SnapshotMetadata { Source = SourceName }) with
        {
            AccountId = metadata?.AccountId ?? accountId,
            Partition = partition ?? metadata?.Partition ?? "aws",
            Parts = (metadata?.Parts ?? SnapshotParts.None) | parts,
        };

        CheckUnique(reader, users, "UserDetailList");
        CheckUnique(reader, groups, "GroupDetailList");
        CheckUnique(reader, roles, "RoleDetailList");
        CheckUnique(reader, policies, "Policies");

        return new AccountSnapshot(meta, users, groups, roles, policies, profiles.Values);
    }

    /// <summary>The account id and partition that most ARNs name (some demo dumps put <c>aws</c> where the id should be).</summary>
    internal static (string? AccountId, string? Partition) InferAccount(IEnumerable<string> arns)
    {
        var best = arns
            .Select(arn => arn.Split(':'))
            .Where(parts => parts.Length >= 6 && parts[4].Length == 12 && parts[4].All(char.IsAsciiDigit))
            .GroupBy(parts => (parts[4], parts[1]))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Item1, StringComparer.Ordinal)
            .FirstOrDefault();
        return best is null ? (null, null) : (best.Key.Item1, best.Key.Item2);
    }

    private static void CheckUnique<T>(JsonPathReader reader, IEnumerable<T> entities, string list)
        where T : IamEntity
    {
        var duplicate = entities.GroupBy(e => e.Arn, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw reader.Error($"$.{list}", $"the ARN {duplicate.Key} appears more than once; expected each entity once (were two pages merged twice?)");
        }
    }

    private static IamUser ReadUser(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "a user");
        return new IamUser
        {
            Arn = reader.RequireString(item, "Arn", path),
            Name = reader.RequireString(item, "UserName", path),
            Path = reader.OptionalString(item, "Path", path) ?? "/",
            UniqueId = reader.OptionalString(item, "UserId", path) ?? string.Empty,
            CreateDate = reader.OptionalDate(item, "CreateDate", path),
            InlinePolicies = ReadInlinePolicies(reader, item, "UserPolicyList", path),
            AttachedPolicies = ReadAttachments(reader, item, path),
            GroupNames = ReadStrings(reader, item, "GroupList", path),
            PermissionsBoundary = ReadBoundary(reader, item, path),
            Tags = ReadTags(reader, item, path),
        };
    }

    private static IamGroup ReadGroup(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "a group");
        return new IamGroup
        {
            Arn = reader.RequireString(item, "Arn", path),
            Name = reader.RequireString(item, "GroupName", path),
            Path = reader.OptionalString(item, "Path", path) ?? "/",
            UniqueId = reader.OptionalString(item, "GroupId", path) ?? string.Empty,
            CreateDate = reader.OptionalDate(item, "CreateDate", path),
            InlinePolicies = ReadInlinePolicies(reader, item, "GroupPolicyList", path),
            AttachedPolicies = ReadAttachments(reader, item, path),
        };
    }

    private static IamRole ReadRole(JsonPathReader reader, JsonElement item, string path, Dictionary<string, InstanceProfile> profiles)
    {
        reader.ExpectObject(item, path, "a role");
        var arn = reader.RequireString(item, "Arn", path);
        var profileArns = new List<string>();
        foreach (var (profileItem, profilePath) in reader.OptionalArray(item, "InstanceProfileList", path))
        {
            var profile = ReadInstanceProfile(reader, profileItem, profilePath);
            profileArns.Add(profile.Arn);
            if (profiles.TryGetValue(profile.Arn, out var seen))
            {
                profile = seen with { RoleArns = seen.RoleArns.Union(profile.RoleArns).Order(StringComparer.Ordinal).ToImmutableArray() };
            }

            profiles[profile.Arn] = profile;
        }

        RoleLastUsed? lastUsed = null;
        if (JsonPathReader.TryGet(item, "RoleLastUsed", out var lastUsedElement) && lastUsedElement.ValueKind == JsonValueKind.Object)
        {
            lastUsed = new RoleLastUsed(
                reader.OptionalDate(lastUsedElement, "LastUsedDate", path + ".RoleLastUsed"),
                reader.OptionalString(lastUsedElement, "Region", path + ".RoleLastUsed"));
        }

        return new IamRole
        {
            Arn = arn,
            Name = reader.RequireString(item, "RoleName", path),
            Path = reader.OptionalString(item, "Path", path) ?? "/",
            UniqueId = reader.OptionalString(item, "RoleId", path) ?? string.Empty,
            CreateDate = reader.OptionalDate(item, "CreateDate", path),
            AssumeRolePolicy = reader.RequirePolicy(item, "AssumeRolePolicyDocument", path),
            InlinePolicies = ReadInlinePolicies(reader, item, "RolePolicyList", path),
            AttachedPolicies = ReadAttachments(reader, item, path),
            PermissionsBoundary = ReadBoundary(reader, item, path),
            Tags = ReadTags(reader, item, path),
            InstanceProfileArns = profileArns.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray(),
            Description = reader.OptionalString(item, "Description", path),
            MaxSessionDuration = reader.OptionalInt(item, "MaxSessionDuration", path),
            LastUsed = lastUsed,
        };
    }

    private static InstanceProfile ReadInstanceProfile(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "an instance profile");
        var roleArns = reader.OptionalArray(item, "Roles", path)
            .Select(r =>
            {
                reader.ExpectObject(r.Item, r.Path, "a role");
                return reader.RequireString(r.Item, "Arn", r.Path);
            })
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        return new InstanceProfile
        {
            Arn = reader.RequireString(item, "Arn", path),
            Name = reader.RequireString(item, "InstanceProfileName", path),
            Path = reader.OptionalString(item, "Path", path) ?? "/",
            UniqueId = reader.OptionalString(item, "InstanceProfileId", path) ?? string.Empty,
            CreateDate = reader.OptionalDate(item, "CreateDate", path),
            RoleArns = roleArns,
            Tags = ReadTags(reader, item, path),
        };
    }

    private static ManagedPolicy ReadPolicy(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "a managed policy");
        var versions = reader.OptionalArray(item, "PolicyVersionList", path)
            .Select(v =>
            {
                reader.ExpectObject(v.Item, v.Path, "a policy version");
                return new PolicyVersion(
                    reader.RequireString(v.Item, "VersionId", v.Path),
                    reader.OptionalBool(v.Item, "IsDefaultVersion", v.Path) ?? false,
                    reader.OptionalDate(v.Item, "CreateDate", v.Path),
                    reader.RequirePolicy(v.Item, "Document", v.Path));
            })
            .OrderBy(v => v.VersionId, VersionIdComparer.Instance)
            .ToImmutableArray();
        var defaultVersionId = reader.OptionalString(item, "DefaultVersionId", path)
            ?? versions.FirstOrDefault(v => v.IsDefaultVersion)?.VersionId
            ?? throw reader.Error(path + ".DefaultVersionId", "a required value is missing (no version is marked default either)");
        return new ManagedPolicy
        {
            Arn = reader.RequireString(item, "Arn", path),
            Name = reader.RequireString(item, "PolicyName", path),
            Path = reader.OptionalString(item, "Path", path) ?? "/",
            UniqueId = reader.OptionalString(item, "PolicyId", path) ?? string.Empty,
            CreateDate = reader.OptionalDate(item, "CreateDate", path),
            UpdateDate = reader.OptionalDate(item, "UpdateDate", path),
            DefaultVersionId = defaultVersionId,
            Versions = versions,
            AttachmentCount = reader.OptionalInt(item, "AttachmentCount", path),
            PermissionsBoundaryUsageCount = reader.OptionalInt(item, "PermissionsBoundaryUsageCount", path),
            IsAttachable = reader.OptionalBool(item, "IsAttachable", path) ?? true,
            Description = reader.OptionalString(item, "Description", path),
            Tags = ReadTags(reader, item, path),
        };
    }

    private static ImmutableArray<InlinePolicy> ReadInlinePolicies(JsonPathReader reader, JsonElement item, string listName, string path) =>
        reader.OptionalArray(item, listName, path)
            .Select(p =>
            {
                reader.ExpectObject(p.Item, p.Path, "an inline policy");
                return new InlinePolicy(reader.RequireString(p.Item, "PolicyName", p.Path), reader.RequirePolicy(p.Item, "PolicyDocument", p.Path));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToImmutableArray();

    private static ImmutableArray<PolicyAttachment> ReadAttachments(JsonPathReader reader, JsonElement item, string path) =>
        reader.OptionalArray(item, "AttachedManagedPolicies", path)
            .Select(p =>
            {
                reader.ExpectObject(p.Item, p.Path, "an attached policy");
                var arn = reader.RequireString(p.Item, "PolicyArn", p.Path);
                return new PolicyAttachment(arn, reader.OptionalString(p.Item, "PolicyName", p.Path) ?? arn[(arn.LastIndexOf('/') + 1)..]);
            })
            .DistinctBy(p => p.PolicyArn, StringComparer.Ordinal)
            .OrderBy(p => p.PolicyArn, StringComparer.Ordinal)
            .ToImmutableArray();

    private static ImmutableArray<string> ReadStrings(JsonPathReader reader, JsonElement item, string name, string path) =>
        reader.OptionalArray(item, name, path)
            .Select(v => v.Item.ValueKind == JsonValueKind.String
                ? v.Item.GetString()!
                : throw reader.Error(v.Path, $"expected a string, found {JsonInput.Describe(v.Item.ValueKind)}"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();

    private static PermissionsBoundary? ReadBoundary(JsonPathReader reader, JsonElement item, string path)
    {
        if (!JsonPathReader.TryGet(item, "PermissionsBoundary", out var boundary) || boundary.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var boundaryPath = path + ".PermissionsBoundary";
        if (boundary.ValueKind == JsonValueKind.String)
        {
            return new PermissionsBoundary(boundary.GetString()!);
        }

        reader.ExpectObject(boundary, boundaryPath, "a permissions boundary");
        return new PermissionsBoundary(
            reader.RequireString(boundary, "PermissionsBoundaryArn", boundaryPath),
            reader.OptionalString(boundary, "PermissionsBoundaryType", boundaryPath) ?? "Policy");
    }

    private static ImmutableArray<Tag> ReadTags(JsonPathReader reader, JsonElement item, string path) =>
        reader.OptionalArray(item, "Tags", path)
            .Select(t =>
            {
                reader.ExpectObject(t.Item, t.Path, "a tag");
                return new Tag(reader.RequireString(t.Item, "Key", t.Path), reader.OptionalString(t.Item, "Value", t.Path) ?? string.Empty);
            })
            .DistinctBy(t => t.Key, StringComparer.Ordinal)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToImmutableArray();
}

/// <summary>Orders policy version ids (<c>v2</c> before <c>v10</c>) numerically, falling back to ordinal.</summary>
internal sealed class VersionIdComparer : IComparer<string>
{
    public static readonly VersionIdComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (TryNumber(x, out var a) && TryNumber(y, out var b))
        {
            return a.CompareTo(b);
        }

        return string.CompareOrdinal(x, y);
    }

    private static bool TryNumber(string? id, out int number)
    {
        number = 0;
        return id is { Length: > 1 } && (id[0] == 'v' || id[0] == 'V') && int.TryParse(id.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number);
    }
}
