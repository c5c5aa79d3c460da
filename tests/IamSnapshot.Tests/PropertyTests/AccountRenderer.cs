using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Tests.PropertyTests;

/// <summary>
/// Renders an <see cref="AccountSpec"/> as get-account-authorization-details JSON (and a credential-report CSV), and
/// loads it through the real loaders. Without a <see cref="Random"/> the rendering is canonical; with one, every
/// choice that has no meaning in IAM is made at random: statement, entity and list order, a single value or a
/// one-element list, the case of actions, key order, whitespace, Sids, the form of policy documents (object,
/// escaped JSON string, URL-encoded string), the wildcard principal's spelling and the form of dates.
/// </summary>
internal static class AccountRenderer
{
    private static readonly DateTimeOffset Base = new(2025, 1, 29, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Loads the account as the loaders see it: authorization details, plus the credential report and settings.</summary>
    public static AccountSnapshot Load(AccountSpec spec, Random? cosmetic = null)
    {
        var json = Render(spec, cosmetic).ToJsonString(new JsonSerializerOptions { WriteIndented = cosmetic?.Next(2) == 0 });
        var snapshot = SnapshotFile.Load(Encoding.UTF8.GetBytes(json), "generated.json", new ImportOptions { CapturedAt = Base });
        if (spec.Credentials is null)
        {
            return snapshot;
        }

        var parts = new OptionalParts
        {
            CredentialReport = CredentialReportParser.Parse(CredentialReport(spec, cosmetic), "generated.csv"),
            PasswordPolicy = new PasswordPolicy
            {
                MinimumPasswordLength = 8 + (spec.Credentials[0].DaysAgo % 20),
                RequireSymbols = spec.Credentials[0].MfaActive,
                MaxPasswordAge = spec.Credentials[1].PasswordEnabled ? 90 : null,
            },
            AccountAliases = spec.Credentials[2].Key1Active ? ["main-account", "prod"] : [],
        };
        return parts.ApplyTo(snapshot);
    }

    public static JsonObject Render(AccountSpec spec, Random? r = null)
    {
        var policyArns = spec.Policies.Select(AccountSpec.PolicyArn).ToArray();
        return Obj(
            r,
            ("UserDetailList", List(r, spec.Users.Select(u => (JsonNode)User(spec, u, policyArns, r)))),
            ("GroupDetailList", List(r, spec.Groups.Select(g => (JsonNode)Group(g, policyArns, r)))),
            ("RoleDetailList", List(r, spec.Roles.Select(role => (JsonNode)Role(role, policyArns, r)))),
            ("Policies", List(r, spec.Policies.Select(p => (JsonNode)Policy(p, r)))));
    }

    /// <summary>The credential report: a row per user (ARN from the account) and the root row.</summary>
    public static string CredentialReport(AccountSpec spec, Random? r = null)
    {
        var header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
            + "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,"
            + "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
        var credentials = spec.Credentials!;
        var rows = new List<string>
        {
            Row("<root_account>", $"arn:aws:iam::{AccountSpec.AccountId}:root", credentials[^1], root: true, r),
        };
        rows.AddRange(spec.Users.Select((u, i) => Row(u.Name, AccountSpec.UserArn(u), credentials[i % (credentials.Length - 1)], root: false, r)));
        return header + "\n" + string.Join("\n", Shuffled(r, rows)) + "\n";
    }

    private static string Row(string name, string arn, CredentialSpec c, bool root, Random? r)
    {
        // The report writes ISO 8601 with Z or +00:00, never boto3's space-separated form.
        var created = CsvDate(Base.AddDays(-500));
        string Ago(int days) => CsvDate(Base.AddDays(-days));
        string CsvDate(DateTimeOffset date) => r?.Next(2) == 1
            ? date.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var password = root ? "not_supported" : c.PasswordEnabled ? "true" : "false";
        var lastUsed = c.PasswordEnabled ? Ago(c.DaysAgo) : root ? "no_information" : "N/A";
        var changed = root ? "not_supported" : c.PasswordEnabled ? Ago(c.DaysAgo + 30) : "N/A";
        var next = root ? "not_supported" : "N/A";
        var key1 = Key(c.Key1Active, c.DaysAgo, "us-east-1", "s3");
        var key2 = Key(c.Key2Active, c.DaysAgo / 2, "eu-west-1", "iam");
        return string.Join(",", Quote(name), Quote(arn), created, password, lastUsed, changed, next, Bool(c.MfaActive), key1, key2, "false,N/A,false,N/A");

        string Key(bool active, int days, string region, string service) => active
            ? $"true,{Ago(days + 100)},{Ago(days)},{region},{service}"
            : "false,N/A,N/A,N/A,N/A";
    }

    private static string Quote(string field) => field.Contains(',', StringComparison.Ordinal) ? $"\"{field}\"" : field;

    private static string Bool(bool value) => value ? "true" : "false";

    private static JsonObject User(AccountSpec spec, UserSpec user, string[] policyArns, Random? r) => Obj(
        r,
        ("Path", user.Path),
        ("UserName", user.Name),
        ("UserId", user.Id),
        ("Arn", AccountSpec.UserArn(user)),
        ("CreateDate", Date(Base.AddDays(-400), r)),
        ("GroupList", List(r, Distinct(user.Groups, spec.Groups.Length).Select(i => (JsonNode)JsonValue.Create(spec.Groups[i].Name)))),
        ("AttachedManagedPolicies", Attachments(user.Policies, policyArns, r)),
        ("UserPolicyList", Inline(user.Inline, r)),
        ("PermissionsBoundary", Boundary(user.Boundary, policyArns, r)),
        ("Tags", Tags(user.Tags, r)));

    private static JsonObject Group(GroupSpec group, string[] policyArns, Random? r) => Obj(
        r,
        ("Path", group.Path),
        ("GroupName", group.Name),
        ("GroupId", group.Id),
        ("Arn", AccountSpec.GroupArn(group)),
        ("CreateDate", Date(Base.AddDays(-300), r)),
        ("GroupPolicyList", Inline(group.Inline, r)),
        ("AttachedManagedPolicies", Attachments(group.Policies, policyArns, r)));

    private static JsonObject Role(RoleSpec role, string[] policyArns, Random? r)
    {
        var profiles = new JsonArray();
        if (role.InProfile)
        {
            profiles.Add(Obj(
                r,
                ("Path", "/"),
                ("InstanceProfileName", role.Name),
                ("InstanceProfileId", "AIPA" + role.Id[4..]),
                ("Arn", AccountSpec.ProfileArn(role)),
                ("CreateDate", Date(Base.AddDays(-200), r)),
                ("Roles", new JsonArray(Obj(r, ("RoleName", role.Name), ("Arn", AccountSpec.RoleArn(role)), ("Path", role.Path))))));
        }

        return Obj(
            r,
            ("Path", role.Path),
            ("RoleName", role.Name),
            ("RoleId", role.Id),
            ("Arn", AccountSpec.RoleArn(role)),
            ("CreateDate", Date(Base.AddDays(-200), r)),
            ("AssumeRolePolicyDocument", Document(role.Trust, r)),
            ("InstanceProfileList", profiles),
            ("RolePolicyList", Inline(role.Inline, r)),
            ("AttachedManagedPolicies", Attachments(role.Policies, policyArns, r)),
            ("PermissionsBoundary", Boundary(role.Boundary, policyArns, r)),
            ("Tags", Tags(role.Tags, r)),
            ("Description", role.Description),
            ("MaxSessionDuration", role.MaxSessionDuration),
            ("RoleLastUsed", role.MaxSessionDuration is null ? new JsonObject() : Obj(r, ("LastUsedDate", Date(Base.AddDays(-3), r)), ("Region", "us-east-1"))));
    }

    private static JsonObject Policy(PolicySpec policy, Random? r) => Obj(
        r,
        ("PolicyName", policy.Name),
        ("PolicyId", policy.Id),
        ("Arn", AccountSpec.PolicyArn(policy)),
        ("Path", policy.Path),
        ("DefaultVersionId", VersionId(policy.DefaultVersion)),
        ("AttachmentCount", 1),
        ("PermissionsBoundaryUsageCount", 0),
        ("IsAttachable", true),
        ("Description", policy.Description),
        ("CreateDate", Date(Base.AddDays(-600), r)),
        ("UpdateDate", Date(Base.AddDays(-20), r)),
        ("PolicyVersionList", List(r, policy.Versions.Select((document, i) => (JsonNode)Obj(
            r,
            ("Document", Document(document, r)),
            ("VersionId", VersionId(i)),
            ("IsDefaultVersion", i == policy.DefaultVersion),
            ("CreateDate", Date(Base.AddDays(-600 + i), r)))))));

    private static string VersionId(int index) => "v" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static JsonArray Attachments(int[] policies, string[] policyArns, Random? r) =>
        List(r, Distinct(policies, policyArns.Length).Select(i => (JsonNode)Obj(
            r,
            ("PolicyName", policyArns[i][(policyArns[i].LastIndexOf('/') + 1)..]),
            ("PolicyArn", policyArns[i]))));

    private static JsonArray Inline(DocumentSpec[] documents, Random? r) =>
        List(r, documents.Select((d, i) => (JsonNode)Obj(r, ("PolicyName", "inline" + i.ToString(CultureInfo.InvariantCulture)), ("PolicyDocument", Document(d, r)))));

    private static JsonNode? Boundary(int? index, string[] policyArns, Random? r) => index is { } i
        ? Obj(r, ("PermissionsBoundaryType", "Policy"), ("PermissionsBoundaryArn", policyArns[i % policyArns.Length]))
        : null;

    private static JsonArray Tags(TagSpec[] tags, Random? r) =>
        List(r, tags.Select(t => (JsonNode)Obj(r, ("Key", t.Key), ("Value", t.Value))));

    private static IEnumerable<int> Distinct(int[] indexes, int count) =>
        count == 0 ? [] : indexes.Select(i => i % count).Distinct();

    /// <summary>A policy document: an object, or (cosmetically) the same document as an escaped or URL-encoded string.</summary>
    private static JsonNode Document(DocumentSpec document, Random? r)
    {
        JsonNode statements = document.Statements.Length == 1 && r?.Next(3) == 0
            ? Statement(document.Statements[0], r)
            : List(r, document.Statements.Select(s => (JsonNode)Statement(s, r)));
        var json = Obj(r, ("Version", "2012-10-17"), ("Statement", statements));
        return (r?.Next(4) ?? 0) switch
        {
            2 => JsonValue.Create(json.ToJsonString(new JsonSerializerOptions { WriteIndented = r!.Next(2) == 0 }))!,
            3 => JsonValue.Create(Uri.EscapeDataString(json.ToJsonString()))!,
            _ => json,
        };
    }

    private static JsonObject Statement(StatementSpec statement, Random? r)
    {
        var sid = r?.Next(3) switch
        {
            1 => "Stmt" + r.Next(1000).ToString(CultureInfo.InvariantCulture),
            2 => "Allow that",
            _ => null,
        };
        var actions = StringOrList(statement.Actions.Select(a => RandomCase(a, r)).ToArray(), r);
        var properties = new List<(string, JsonNode?)>
        {
            ("Effect", statement.Allow ? "Allow" : "Deny"),
            (statement.NotAction ? "NotAction" : "Action", actions),
        };
        if (sid is not null)
        {
            properties.Add(("Sid", sid));
        }

        if (statement.Principals is { } principals)
        {
            properties.Add(("Principal", Principal(principals, r)));
        }
        else
        {
            properties.Add((statement.NotResource ? "NotResource" : "Resource", StringOrList(statement.Resources, r)));
        }

        if (statement.Conditions.Length > 0)
        {
            var byOperator = statement.Conditions.GroupBy(c => c.Operator)
                .Select(g => (g.Key, (JsonNode?)Obj(r, [.. g.Select(c => (c.Key, (JsonNode?)StringOrList(c.Values, r)))])));
            properties.Add(("Condition", Obj(r, [.. byOperator])));
        }

        return Obj(r, [.. properties]);
    }

    private static JsonNode Principal(PrincipalSpec[] principals, Random? r)
    {
        var byType = principals
            .GroupBy(p => p.Type == "*" ? "AWS" : p.Type)
            .Select(g => (Type: g.Key, Values: g.SelectMany(p => p.Values).Distinct().ToArray()))
            .ToArray();
        if (byType is [{ Type: "AWS", Values: ["*"] }] && r?.Next(3) != 1)
        {
            // "*" and {"AWS": "*"} mean the same principal.
            return r?.Next(2) == 0 ? Obj(r, ("AWS", StringOrList(["*"], r))) : JsonValue.Create("*")!;
        }

        return Obj(r, [.. byType.Select(t => (t.Type, (JsonNode?)StringOrList(t.Values, r)))]);
    }

    private static JsonNode StringOrList(string[] values, Random? r)
    {
        if (values.Length == 1 && (r is null || r.Next(2) == 0))
        {
            return JsonValue.Create(values[0])!;
        }

        return List(r, values.Select(v => (JsonNode)JsonValue.Create(v)!));
    }

    private static string RandomCase(string action, Random? r) => r is null || r.Next(3) != 0
        ? action
        : string.Concat(action.Select(c => r.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));

    /// <summary>A date in one of the forms the AWS CLI and boto3 write.</summary>
    private static string Date(DateTimeOffset date, Random? r) => (r?.Next(3) ?? 0) switch
    {
        1 => date.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
        2 => date.ToString("yyyy-MM-dd HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
        _ => date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    private static JsonArray List(Random? r, IEnumerable<JsonNode> items) => new([.. Shuffled(r, items)]);

    private static List<T> Shuffled<T>(Random? r, IEnumerable<T> items)
    {
        var list = items.ToList();
        if (r is not null)
        {
            for (var i = list.Count - 1; i > 0; i--)
            {
                var j = r.Next(i + 1);
                (list[i], list[j]) = (list[j], list[i]);
            }
        }

        return list;
    }

    private static JsonObject Obj(Random? r, params (string Key, JsonNode? Value)[] properties)
    {
        var result = new JsonObject();
        foreach (var (key, value) in Shuffled(r, properties))
        {
            if (value is not null)
            {
                result[key] = value;
            }
        }

        return result;
    }
}
