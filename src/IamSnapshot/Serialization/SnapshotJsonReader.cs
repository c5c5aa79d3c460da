using System.Collections.Immutable;
using System.Text.Json;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Sources;

namespace IamSnapshot.Serialization;

/// <summary>Reads the saved snapshot format written by <see cref="SnapshotJsonWriter"/> (every schema version so far).</summary>
internal static class SnapshotJsonReader
{
    public static bool Recognises(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out _);

    public static AccountSnapshot Read(JsonElement root, string filePath)
    {
        var reader = new JsonPathReader(filePath);
        reader.ExpectObject(root, "$", "an IamSnapshot snapshot");
        if (!root.TryGetProperty("schemaVersion", out var versionElement) || versionElement.ValueKind != JsonValueKind.Number || !versionElement.TryGetInt32(out var schemaVersion))
        {
            throw reader.Error("$.schemaVersion", "expected the snapshot's schema version (a whole number)");
        }

        if (schemaVersion < 1 || schemaVersion > SnapshotMetadata.CurrentSchemaVersion)
        {
            throw reader.Error("$.schemaVersion", $"schema version {schemaVersion} is not supported; this IamSnapshot reads versions 1 to {SnapshotMetadata.CurrentSchemaVersion} (upgrade IamSnapshot to read newer files)");
        }

        if (!root.TryGetProperty("metadata", out var metaElement))
        {
            throw reader.Error("$.metadata", "a required value is missing");
        }

        reader.ExpectObject(metaElement, "$.metadata", "snapshot metadata");
        var parts = SnapshotParts.None;
        foreach (var (item, path) in reader.OptionalArray(metaElement, "parts", "$.metadata"))
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            var part = Enum.GetValues<SnapshotParts>().FirstOrDefault(p => p is not SnapshotParts.None and not SnapshotParts.AuthorizationDetails && SnapshotJsonWriter.PartName(p) == name);
            if (part == SnapshotParts.None)
            {
                throw reader.Error(path, $"unknown snapshot part \"{name}\"");
            }

            parts |= part;
        }

        var metadata = new SnapshotMetadata
        {
            SchemaVersion = schemaVersion,
            AccountId = reader.OptionalString(metaElement, "accountId", "$.metadata"),
            Partition = reader.OptionalString(metaElement, "partition", "$.metadata") ?? "aws",
            CapturedAt = reader.OptionalDate(metaElement, "capturedAt", "$.metadata"),
            Source = reader.OptionalString(metaElement, "source", "$.metadata") ?? "unknown",
            ToolVersion = reader.OptionalString(metaElement, "toolVersion", "$.metadata"),
            Parts = parts,
        };

        var snapshot = new AccountSnapshot(
            metadata,
            reader.OptionalArray(root, "users", "$").Select(x => ReadUser(reader, x.Item, x.Path)),
            reader.OptionalArray(root, "groups", "$").Select(x => ReadGroup(reader, x.Item, x.Path)),
            reader.OptionalArray(root, "roles", "$").Select(x => ReadRole(reader, x.Item, x.Path)),
            reader.OptionalArray(root, "policies", "$").Select(x => ReadPolicy(reader, x.Item, x.Path)),
            reader.OptionalArray(root, "instanceProfiles", "$").Select(x => ReadInstanceProfile(reader, x.Item, x.Path)));
        return SnapshotExtensions.ReadParts(root, snapshot, filePath);
    }

    private static T Header<T>(JsonPathReader reader, JsonElement item, string path, T entity)
        where T : IamEntity =>
        entity with
        {
            Arn = reader.RequireString(item, "arn", path),
            Name = reader.RequireString(item, "name", path),
            Path = reader.OptionalString(item, "path", path) ?? "/",
            UniqueId = reader.OptionalString(item, "uniqueId", path) ?? string.Empty,
            CreateDate = reader.OptionalDate(item, "createDate", path),
        };

    private static IamUser ReadUser(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "a user");
        return Header(reader, item, path, new IamUser
        {
            Arn = string.Empty,
            Name = string.Empty,
            GroupNames = Strings(reader, item, "groups", path),
            PermissionsBoundary = Boundary(reader, item, path),
            AttachedPolicies = Attachments(reader, item, path),
            InlinePolicies = InlinePolicies(reader, item, path),
            Tags = Tags(reader, item, path),
        });
    }

    private static IamGroup ReadGroup(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "a group");
        return Header(reader, item, path, new IamGroup
        {
            Arn = string.Empty,
            Name = string.Empty,
            AttachedPolicies = Attachments(reader, item, path),
            InlinePolicies = InlinePolicies(reader, item, path),
        });
    }

    private static IamRole ReadRole(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "a role");
        RoleLastUsed? lastUsed = null;
        if (item.TryGetProperty("lastUsed", out var lastUsedElement) && lastUsedElement.ValueKind == JsonValueKind.Object)
        {
            lastUsed = new RoleLastUsed(reader.OptionalDate(lastUsedElement, "date", path + ".lastUsed"), reader.OptionalString(lastUsedElement, "region", path + ".lastUsed"));
        }

        return Header(reader, item, path, new IamRole
        {
            Arn = string.Empty,
            Name = string.Empty,
            Description = reader.OptionalString(item, "description", path),
            MaxSessionDuration = reader.OptionalInt(item, "maxSessionDuration", path),
            AssumeRolePolicy = Policy(reader, item, "assumeRolePolicy", path),
            PermissionsBoundary = Boundary(reader, item, path),
            AttachedPolicies = Attachments(reader, item, path),
            InlinePolicies = InlinePolicies(reader, item, path),
            InstanceProfileArns = Strings(reader, item, "instanceProfiles", path),
            Tags = Tags(reader, item, path),
            LastUsed = lastUsed,
        });
    }

    private static ManagedPolicy ReadPolicy(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "a managed policy");
        var versions = reader.OptionalArray(item, "versions", path)
            .Select(v =>
            {
                reader.ExpectObject(v.Item, v.Path, "a policy version");
                return new PolicyVersion(
                    reader.RequireString(v.Item, "versionId", v.Path),
                    reader.OptionalBool(v.Item, "isDefault", v.Path) ?? false,
                    reader.OptionalDate(v.Item, "createDate", v.Path),
                    Policy(reader, v.Item, "document", v.Path));
            })
            .ToImmutableArray();
        return Header(reader, item, path, new ManagedPolicy
        {
            Arn = string.Empty,
            Name = string.Empty,
            Description = reader.OptionalString(item, "description", path),
            DefaultVersionId = reader.RequireString(item, "defaultVersionId", path),
            IsAttachable = reader.OptionalBool(item, "isAttachable", path) ?? true,
            AttachmentCount = reader.OptionalInt(item, "attachmentCount", path),
            PermissionsBoundaryUsageCount = reader.OptionalInt(item, "permissionsBoundaryUsageCount", path),
            UpdateDate = reader.OptionalDate(item, "updateDate", path),
            Versions = versions,
            Tags = Tags(reader, item, path),
        });
    }

    private static InstanceProfile ReadInstanceProfile(JsonPathReader reader, JsonElement item, string path)
    {
        reader.ExpectObject(item, path, "an instance profile");
        return Header(reader, item, path, new InstanceProfile
        {
            Arn = string.Empty,
            Name = string.Empty,
            RoleArns = Strings(reader, item, "roles", path),
            Tags = Tags(reader, item, path),
        });
    }

    /// <summary>
    /// Reads a saved policy: the normalised form is parsed (it is already a policy object, so no second parse of
    /// the original text is needed) and the original is kept as text.
    /// </summary>
    internal static PolicyDocument Policy(JsonPathReader reader, JsonElement item, string name, string path)
    {
        // The path is built only for an error: a snapshot holds tens of thousands of policies.
        if (!item.TryGetProperty(name, out var policy) || policy.ValueKind != JsonValueKind.Object)
        {
            throw reader.Error($"{path}.{name}", "expected a policy ({\"normalized\": …, \"original\": …})");
        }

        if (!policy.TryGetProperty("normalized", out var normalized))
        {
            throw reader.Error($"{path}.{name}.normalized", "a required value is missing");
        }

        if (normalized.ValueKind != JsonValueKind.Object)
        {
            reader.ExpectObject(normalized, $"{path}.{name}.normalized", "a policy document");
        }

        var original = policy.TryGetProperty("original", out var originalElement) && originalElement.ValueKind == JsonValueKind.String
            ? originalElement.GetString()
            : reader.OptionalString(policy, "original", $"{path}.{name}");
        try
        {
            return PolicyDocument.FromElement(normalized, original);
        }
        catch (PolicyFormatException ex)
        {
            throw reader.Error($"{path}.{name}.normalized" + ex.Path[1..], ex.Detail, ex);
        }
    }

    private static ImmutableArray<string> Strings(JsonPathReader reader, JsonElement item, string name, string path) =>
        reader.OptionalArray(item, name, path)
            .Select(v => v.Item.ValueKind == JsonValueKind.String ? v.Item.GetString()! : throw reader.Error(v.Path, "expected a string"))
            .ToImmutableArray();

    private static PermissionsBoundary? Boundary(JsonPathReader reader, JsonElement item, string path)
    {
        if (!item.TryGetProperty("permissionsBoundary", out var boundary) || boundary.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        reader.ExpectObject(boundary, path + ".permissionsBoundary", "a permissions boundary");
        return new PermissionsBoundary(
            reader.RequireString(boundary, "arn", path + ".permissionsBoundary"),
            reader.OptionalString(boundary, "type", path + ".permissionsBoundary") ?? "Policy");
    }

    private static ImmutableArray<PolicyAttachment> Attachments(JsonPathReader reader, JsonElement item, string path) =>
        reader.OptionalArray(item, "attachedPolicies", path)
            .Select(a =>
            {
                reader.ExpectObject(a.Item, a.Path, "an attached policy");
                return new PolicyAttachment(reader.RequireString(a.Item, "arn", a.Path), reader.RequireString(a.Item, "name", a.Path));
            })
            .ToImmutableArray();

    private static ImmutableArray<InlinePolicy> InlinePolicies(JsonPathReader reader, JsonElement item, string path) =>
        reader.OptionalArray(item, "inlinePolicies", path)
            .Select(p =>
            {
                reader.ExpectObject(p.Item, p.Path, "an inline policy");
                return new InlinePolicy(reader.RequireString(p.Item, "name", p.Path), Policy(reader, p.Item, "document", p.Path));
            })
            .ToImmutableArray();

    private static ImmutableArray<Tag> Tags(JsonPathReader reader, JsonElement item, string path) =>
        reader.OptionalArray(item, "tags", path)
            .Select(t =>
            {
                reader.ExpectObject(t.Item, t.Path, "a tag");
                return new Tag(reader.RequireString(t.Item, "key", t.Path), reader.OptionalString(t.Item, "value", t.Path) ?? string.Empty);
            })
            .ToImmutableArray();
}
