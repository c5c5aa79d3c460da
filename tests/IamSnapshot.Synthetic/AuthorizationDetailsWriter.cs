using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Synthetic;

/// <summary>
/// Writes a snapshot's authorization details in the shape <c>aws iam get-account-authorization-details</c> prints
/// (PascalCase keys, decoded documents as objects, instance profiles inside their roles), for the live-capture fake.
/// </summary>
internal static class AuthorizationDetailsWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(AccountSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var profiles = snapshot.InstanceProfiles.ToDictionary(p => p.Arn, StringComparer.Ordinal);
        var roles = snapshot.Roles.ToDictionary(r => r.Arn, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteStartArray("UserDetailList");
            foreach (var user in snapshot.Users)
            {
                w.WriteStartObject();
                Header(w, user, "UserName", "UserId");
                Inline(w, "UserPolicyList", user.InlinePolicies);
                w.WriteStartArray("GroupList");
                foreach (var group in user.GroupNames)
                {
                    w.WriteStringValue(group);
                }

                w.WriteEndArray();
                Attached(w, user.AttachedPolicies);
                Boundary(w, user.PermissionsBoundary);
                Tags(w, user.Tags);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("GroupDetailList");
            foreach (var group in snapshot.Groups)
            {
                w.WriteStartObject();
                Header(w, group, "GroupName", "GroupId");
                Inline(w, "GroupPolicyList", group.InlinePolicies);
                Attached(w, group.AttachedPolicies);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("RoleDetailList");
            foreach (var role in snapshot.Roles)
            {
                w.WriteStartObject();
                RoleHeader(w, role);
                if (role.Description is { } description)
                {
                    w.WriteString("Description", description);
                }

                if (role.MaxSessionDuration is { } duration)
                {
                    w.WriteNumber("MaxSessionDuration", duration);
                }

                w.WriteStartArray("InstanceProfileList");
                foreach (var profileArn in role.InstanceProfileArns)
                {
                    if (!profiles.TryGetValue(profileArn, out var profile))
                    {
                        continue;
                    }

                    w.WriteStartObject();
                    w.WriteString("Path", profile.Path);
                    w.WriteString("InstanceProfileName", profile.Name);
                    w.WriteString("InstanceProfileId", profile.UniqueId);
                    w.WriteString("Arn", profile.Arn);
                    Date(w, "CreateDate", profile.CreateDate);
                    w.WriteStartArray("Roles");
                    foreach (var member in profile.RoleArns)
                    {
                        if (roles.TryGetValue(member, out var memberRole))
                        {
                            w.WriteStartObject();
                            RoleHeader(w, memberRole);
                            w.WriteEndObject();
                        }
                    }

                    w.WriteEndArray();
                    Tags(w, profile.Tags);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                Inline(w, "RolePolicyList", role.InlinePolicies);
                Attached(w, role.AttachedPolicies);
                Boundary(w, role.PermissionsBoundary);
                Tags(w, role.Tags);
                w.WriteStartObject("RoleLastUsed");
                if (role.LastUsed is { } lastUsed)
                {
                    if (lastUsed.LastUsedDate is { } date)
                    {
                        Date(w, "LastUsedDate", date);
                    }

                    if (lastUsed.Region is { } region)
                    {
                        w.WriteString("Region", region);
                    }
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("Policies");
            foreach (var policy in snapshot.Policies)
            {
                w.WriteStartObject();
                w.WriteString("PolicyName", policy.Name);
                w.WriteString("PolicyId", policy.UniqueId);
                w.WriteString("Arn", policy.Arn);
                w.WriteString("Path", policy.Path);
                w.WriteString("DefaultVersionId", policy.DefaultVersionId);
                w.WriteNumber("AttachmentCount", policy.AttachmentCount ?? 0);
                w.WriteNumber("PermissionsBoundaryUsageCount", policy.PermissionsBoundaryUsageCount ?? 0);
                w.WriteBoolean("IsAttachable", policy.IsAttachable);
                if (policy.Description is { } description)
                {
                    w.WriteString("Description", description);
                }

                Date(w, "CreateDate", policy.CreateDate);
                Date(w, "UpdateDate", policy.UpdateDate);
                if (!policy.Tags.IsEmpty)
                {
                    Tags(w, policy.Tags);
                }

                w.WriteStartArray("PolicyVersionList");
                foreach (var version in policy.Versions.Reverse())
                {
                    // The CLI lists the newest version first.
                    w.WriteStartObject();
                    w.WritePropertyName("Document");
                    Document(w, version.Document);
                    w.WriteString("VersionId", version.VersionId);
                    w.WriteBoolean("IsDefaultVersion", version.IsDefaultVersion);
                    Date(w, "CreateDate", version.CreateDate);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Header(Utf8JsonWriter w, IamEntity entity, string nameKey, string idKey)
    {
        w.WriteString("Path", entity.Path);
        w.WriteString(nameKey, entity.Name);
        w.WriteString(idKey, entity.UniqueId);
        w.WriteString("Arn", entity.Arn);
        Date(w, "CreateDate", entity.CreateDate);
    }

    private static void RoleHeader(Utf8JsonWriter w, IamRole role)
    {
        Header(w, role, "RoleName", "RoleId");
        w.WritePropertyName("AssumeRolePolicyDocument");
        Document(w, role.AssumeRolePolicy);
    }

    private static void Document(Utf8JsonWriter w, PolicyDocument document) => w.WriteRawValue(document.OriginalText);

    private static void Inline(Utf8JsonWriter w, string name, IEnumerable<InlinePolicy> policies)
    {
        w.WriteStartArray(name);
        foreach (var policy in policies)
        {
            w.WriteStartObject();
            w.WriteString("PolicyName", policy.Name);
            w.WritePropertyName("PolicyDocument");
            Document(w, policy.Document);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Attached(Utf8JsonWriter w, IEnumerable<PolicyAttachment> attachments)
    {
        w.WriteStartArray("AttachedManagedPolicies");
        foreach (var attachment in attachments)
        {
            w.WriteStartObject();
            w.WriteString("PolicyName", attachment.PolicyName);
            w.WriteString("PolicyArn", attachment.PolicyArn);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Boundary(Utf8JsonWriter w, PermissionsBoundary? boundary)
    {
        if (boundary is null)
        {
            return;
        }

        w.WriteStartObject("PermissionsBoundary");
        w.WriteString("PermissionsBoundaryType", boundary.BoundaryType);
        w.WriteString("PermissionsBoundaryArn", boundary.PolicyArn);
        w.WriteEndObject();
    }

    private static void Tags(Utf8JsonWriter w, IEnumerable<Tag> tags)
    {
        w.WriteStartArray("Tags");
        foreach (var tag in tags)
        {
            w.WriteStartObject();
            w.WriteString("Key", tag.Key);
            w.WriteString("Value", tag.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Date(Utf8JsonWriter w, string name, DateTimeOffset? date)
    {
        if (date is { } value)
        {
            w.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
    }
}
