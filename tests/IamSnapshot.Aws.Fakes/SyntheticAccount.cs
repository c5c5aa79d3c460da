using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IamSnapshot.Aws.Fakes;

/// <summary>
/// Generates a large account as <c>get-account-authorization-details</c> JSON: users in groups with attached
/// and inline policies, roles with trust policies, instance profiles and last-used data, and customer policies
/// with several versions. Deterministic for a given size.
/// </summary>
public static class SyntheticAccount
{
    /// <summary>Generates the JSON.</summary>
    public static string AuthorizationDetailsJson(string accountId, int users, int roles, int groups, int policies)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("UserDetailList");
            for (var i = 0; i < users; i++)
            {
                w.WriteStartObject();
                w.WriteString("Path", "/");
                w.WriteString("UserName", $"user-{i:D5}");
                w.WriteString("UserId", Id("AIDA", i));
                w.WriteString("Arn", $"arn:aws:iam::{accountId}:user/user-{i:D5}");
                w.WriteString("CreateDate", "2022-03-04T05:06:07Z");
                w.WriteStartArray("UserPolicyList");
                if (i % 5 == 0)
                {
                    w.WriteStartObject();
                    w.WriteString("PolicyName", "inline-s3");
                    w.WritePropertyName("PolicyDocument");
                    Document(w, "s3:GetObject", $"arn:aws:s3:::bucket-{i % 50}/*");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("GroupList");
                w.WriteStringValue($"group-{i % Math.Max(groups, 1):D3}");
                w.WriteEndArray();
                w.WriteStartArray("AttachedManagedPolicies");
                Attachment(w, accountId, i % Math.Max(policies, 1));
                w.WriteEndArray();
                w.WriteStartArray("Tags");
                w.WriteStartObject();
                w.WriteString("Key", "team");
                w.WriteString("Value", $"team-{i % 20}");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("GroupDetailList");
            for (var i = 0; i < groups; i++)
            {
                w.WriteStartObject();
                w.WriteString("Path", "/");
                w.WriteString("GroupName", $"group-{i:D3}");
                w.WriteString("GroupId", Id("AGPA", i));
                w.WriteString("Arn", $"arn:aws:iam::{accountId}:group/group-{i:D3}");
                w.WriteString("CreateDate", "2021-01-01T00:00:00Z");
                w.WriteStartArray("GroupPolicyList");
                w.WriteEndArray();
                w.WriteStartArray("AttachedManagedPolicies");
                Attachment(w, accountId, (i * 7) % Math.Max(policies, 1));
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("RoleDetailList");
            for (var i = 0; i < roles; i++)
            {
                var name = $"role-{i:D5}";
                w.WriteStartObject();
                w.WriteString("Path", i % 10 == 0 ? "/service-role/" : "/");
                w.WriteString("RoleName", name);
                w.WriteString("RoleId", Id("AROA", i));
                w.WriteString("Arn", $"arn:aws:iam::{accountId}:role/{(i % 10 == 0 ? "service-role/" : string.Empty)}{name}");
                w.WriteString("CreateDate", "2023-06-07T08:09:10Z");
                w.WritePropertyName("AssumeRolePolicyDocument");
                w.WriteStartObject();
                w.WriteString("Version", "2012-10-17");
                w.WriteStartArray("Statement");
                w.WriteStartObject();
                w.WriteString("Effect", "Allow");
                w.WriteStartObject("Principal");
                if (i % 3 == 0)
                {
                    w.WriteString("AWS", $"arn:aws:iam::{(100000000000L + i).ToString(CultureInfo.InvariantCulture)}:root");
                }
                else
                {
                    w.WriteString("Service", "lambda.amazonaws.com");
                }

                w.WriteEndObject();
                w.WriteString("Action", "sts:AssumeRole");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartArray("InstanceProfileList");
                w.WriteEndArray();
                w.WriteStartArray("RolePolicyList");
                w.WriteStartObject();
                w.WriteString("PolicyName", "logs");
                w.WritePropertyName("PolicyDocument");
                Document(w, "logs:PutLogEvents", $"arn:aws:logs:*:{accountId}:log-group:/aws/lambda/{name}:*");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("AttachedManagedPolicies");
                Attachment(w, accountId, (i * 3) % Math.Max(policies, 1));
                w.WriteEndArray();
                w.WriteStartArray("Tags");
                w.WriteEndArray();
                w.WriteStartObject("RoleLastUsed");
                if (i % 2 == 0)
                {
                    w.WriteString("LastUsedDate", "2026-11-30T12:00:00Z");
                    w.WriteString("Region", "eu-west-1");
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("Policies");
            for (var i = 0; i < policies; i++)
            {
                w.WriteStartObject();
                w.WriteString("PolicyName", $"policy-{i:D4}");
                w.WriteString("PolicyId", Id("ANPA", i));
                w.WriteString("Arn", $"arn:aws:iam::{accountId}:policy/policy-{i:D4}");
                w.WriteString("Path", "/");
                w.WriteString("DefaultVersionId", "v2");
                w.WriteNumber("AttachmentCount", 10);
                w.WriteNumber("PermissionsBoundaryUsageCount", 0);
                w.WriteBoolean("IsAttachable", true);
                w.WriteString("CreateDate", "2020-01-01T00:00:00Z");
                w.WriteString("UpdateDate", "2024-01-01T00:00:00Z");
                w.WriteStartArray("PolicyVersionList");
                for (var v = 2; v >= 1; v--)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("Document");
                    Document(w, v == 2 ? $"dynamodb:GetItem" : "dynamodb:*", $"arn:aws:dynamodb:*:{accountId}:table/table-{i}");
                    w.WriteString("VersionId", "v" + v.ToString(CultureInfo.InvariantCulture));
                    w.WriteBoolean("IsDefaultVersion", v == 2);
                    w.WriteString("CreateDate", "2024-01-01T00:00:00Z");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Attachment(Utf8JsonWriter w, string accountId, int policy)
    {
        w.WriteStartObject();
        w.WriteString("PolicyName", $"policy-{policy:D4}");
        w.WriteString("PolicyArn", $"arn:aws:iam::{accountId}:policy/policy-{policy:D4}");
        w.WriteEndObject();
    }

    private static void Document(Utf8JsonWriter w, string action, string resource)
    {
        w.WriteStartObject();
        w.WriteString("Version", "2012-10-17");
        w.WriteStartArray("Statement");
        w.WriteStartObject();
        w.WriteString("Effect", "Allow");
        w.WriteString("Action", action);
        w.WriteString("Resource", resource);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Id(string prefix, int i) => prefix + "SYNTH" + i.ToString("D12", CultureInfo.InvariantCulture);
}
