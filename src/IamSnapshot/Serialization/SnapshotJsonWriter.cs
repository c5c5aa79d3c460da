using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Sources;

namespace IamSnapshot.Serialization;

/// <summary>
/// Writes the saved snapshot format: one indented JSON document, <c>schemaVersion</c> first, then metadata,
/// then each entity section sorted by ARN, keys in a fixed order, policy documents normalised with the
/// original text kept. Deterministic: the same snapshot always gives the same bytes.
/// </summary>
internal static class SnapshotJsonWriter
{
    internal static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Readable ARNs and policies (no \u0027 escapes); the file is data, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 256,
    };

    private const int FlushThreshold = 64 * 1024;

    public static void Write(AccountSnapshot snapshot, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, Options);
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SnapshotMetadata.CurrentSchemaVersion);
        WriteMetadata(writer, snapshot.Metadata);
        var meta = snapshot.Metadata;
        if (meta.Has(SnapshotParts.Users))
        {
            WriteSection(writer, "users", snapshot.Users, WriteUser);
        }

        if (meta.Has(SnapshotParts.Groups))
        {
            WriteSection(writer, "groups", snapshot.Groups, WriteGroup);
        }

        if (meta.Has(SnapshotParts.Roles))
        {
            WriteSection(writer, "roles", snapshot.Roles, WriteRole);
            WriteSection(writer, "instanceProfiles", snapshot.InstanceProfiles, WriteInstanceProfile);
        }

        if (meta.Has(SnapshotParts.Policies))
        {
            WriteSection(writer, "policies", snapshot.Policies, WritePolicy);
        }

        SnapshotExtensions.WriteParts(writer, snapshot);
        writer.WriteEndObject();
        writer.Flush();
    }

    internal static string PartName(SnapshotParts part) => part switch
    {
        SnapshotParts.Users => "users",
        SnapshotParts.Groups => "groups",
        SnapshotParts.Roles => "roles",
        SnapshotParts.Policies => "policies",
        SnapshotParts.CredentialReport => "credentialReport",
        SnapshotParts.PasswordPolicy => "passwordPolicy",
        SnapshotParts.AccountSummary => "accountSummary",
        SnapshotParts.AccountAliases => "accountAliases",
        SnapshotParts.IdentityProviders => "identityProviders",
        SnapshotParts.MfaDevices => "mfaDevices",
        SnapshotParts.AccessKeys => "accessKeys",
        SnapshotParts.ServerCertificates => "serverCertificates",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "not a single part"),
    };

    private static void WriteMetadata(Utf8JsonWriter writer, SnapshotMetadata metadata)
    {
        writer.WriteStartObject("metadata");
        WriteOptional(writer, "accountId", metadata.AccountId);
        writer.WriteString("partition", metadata.Partition);
        if (metadata.CapturedAt is { } captured)
        {
            writer.WriteString("capturedAt", IamDates.Format(captured));
        }
        else
        {
            writer.WriteNull("capturedAt");
        }

        writer.WriteString("source", metadata.Source);
        WriteOptional(writer, "toolVersion", metadata.ToolVersion);
        writer.WriteStartArray("parts");
        foreach (var part in Enum.GetValues<SnapshotParts>())
        {
            if (part is not SnapshotParts.None and not SnapshotParts.AuthorizationDetails && metadata.Has(part))
            {
                writer.WriteStringValue(PartName(part));
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSection<T>(Utf8JsonWriter writer, string name, ImmutableArray<T> items, Action<Utf8JsonWriter, T> write)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            write(writer, item);
            writer.WriteEndObject();

            // Hand full buffers to the stream as we go: an account of 50,000 entities is not held twice in memory,
            // once as the model and once as its JSON.
            if (writer.BytesPending >= FlushThreshold)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteEntityHeader(Utf8JsonWriter writer, IamEntity entity)
    {
        writer.WriteString("arn", entity.Arn);
        writer.WriteString("name", entity.Name);
        writer.WriteString("path", entity.Path);
        writer.WriteString("uniqueId", entity.UniqueId);
        WriteDate(writer, "createDate", entity.CreateDate);
    }

    private static void WriteUser(Utf8JsonWriter writer, IamUser user)
    {
        WriteEntityHeader(writer, user);
        WriteStrings(writer, "groups", user.GroupNames);
        WriteBoundary(writer, user.PermissionsBoundary);
        WriteAttachments(writer, user.AttachedPolicies);
        WriteInlinePolicies(writer, user.InlinePolicies);
        WriteTags(writer, user.Tags);
    }

    private static void WriteGroup(Utf8JsonWriter writer, IamGroup group)
    {
        WriteEntityHeader(writer, group);
        WriteAttachments(writer, group.AttachedPolicies);
        WriteInlinePolicies(writer, group.InlinePolicies);
    }

    private static void WriteRole(Utf8JsonWriter writer, IamRole role)
    {
        WriteEntityHeader(writer, role);
        WriteOptional(writer, "description", role.Description);
        if (role.MaxSessionDuration is { } duration)
        {
            writer.WriteNumber("maxSessionDuration", duration);
        }

        writer.WritePropertyName("assumeRolePolicy");
        WritePolicy(writer, role.AssumeRolePolicy);
        WriteBoundary(writer, role.PermissionsBoundary);
        WriteAttachments(writer, role.AttachedPolicies);
        WriteInlinePolicies(writer, role.InlinePolicies);
        WriteStrings(writer, "instanceProfiles", role.InstanceProfileArns);
        WriteTags(writer, role.Tags);
        if (role.LastUsed is { } lastUsed)
        {
            writer.WriteStartObject("lastUsed");
            WriteDate(writer, "date", lastUsed.LastUsedDate);
            WriteOptional(writer, "region", lastUsed.Region);
            writer.WriteEndObject();
        }
    }

    private static void WritePolicy(Utf8JsonWriter writer, ManagedPolicy policy)
    {
        WriteEntityHeader(writer, policy);
        WriteOptional(writer, "description", policy.Description);
        writer.WriteString("defaultVersionId", policy.DefaultVersionId);
        writer.WriteBoolean("isAttachable", policy.IsAttachable);
        if (policy.AttachmentCount is { } attachments)
        {
            writer.WriteNumber("attachmentCount", attachments);
        }

        if (policy.PermissionsBoundaryUsageCount is { } boundaryUses)
        {
            writer.WriteNumber("permissionsBoundaryUsageCount", boundaryUses);
        }

        WriteDate(writer, "updateDate", policy.UpdateDate);
        writer.WriteStartArray("versions");
        foreach (var version in policy.Versions)
        {
            writer.WriteStartObject();
            writer.WriteString("versionId", version.VersionId);
            writer.WriteBoolean("isDefault", version.IsDefaultVersion);
            WriteDate(writer, "createDate", version.CreateDate);
            writer.WritePropertyName("document");
            WritePolicy(writer, version.Document);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteTags(writer, policy.Tags);
    }

    private static void WriteInstanceProfile(Utf8JsonWriter writer, InstanceProfile profile)
    {
        WriteEntityHeader(writer, profile);
        WriteStrings(writer, "roles", profile.RoleArns);
        WriteTags(writer, profile.Tags);
    }

    /// <summary>A policy document: the normalised form, and the original text when it differs from it.</summary>
    internal static void WritePolicy(Utf8JsonWriter writer, PolicyDocument document)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("normalized");
        using (var normalized = JsonDocument.Parse(document.NormalizedJson))
        {
            normalized.RootElement.WriteTo(writer);
        }

        if (!string.Equals(document.OriginalText, document.NormalizedJson, StringComparison.Ordinal))
        {
            writer.WriteString("original", document.OriginalText);
        }

        writer.WriteEndObject();
    }

    private static void WriteAttachments(Utf8JsonWriter writer, ImmutableArray<PolicyAttachment> attachments)
    {
        writer.WriteStartArray("attachedPolicies");
        foreach (var attachment in attachments)
        {
            writer.WriteStartObject();
            writer.WriteString("arn", attachment.PolicyArn);
            writer.WriteString("name", attachment.PolicyName);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteInlinePolicies(Utf8JsonWriter writer, ImmutableArray<InlinePolicy> policies)
    {
        writer.WriteStartArray("inlinePolicies");
        foreach (var policy in policies)
        {
            writer.WriteStartObject();
            writer.WriteString("name", policy.Name);
            writer.WritePropertyName("document");
            WritePolicy(writer, policy.Document);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteBoundary(Utf8JsonWriter writer, PermissionsBoundary? boundary)
    {
        if (boundary is null)
        {
            writer.WriteNull("permissionsBoundary");
            return;
        }

        writer.WriteStartObject("permissionsBoundary");
        writer.WriteString("arn", boundary.PolicyArn);
        writer.WriteString("type", boundary.BoundaryType);
        writer.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter writer, ImmutableArray<Tag> tags)
    {
        writer.WriteStartArray("tags");
        foreach (var tag in tags)
        {
            writer.WriteStartObject();
            writer.WriteString("key", tag.Key);
            writer.WriteString("value", tag.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    internal static void WriteDate(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } date)
        {
            writer.WriteString(name, IamDates.Format(date));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    internal static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
