using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Tests.Credentials;

/// <summary>
/// Builds snapshots around real credential reports, and edits those reports cell by cell (by column name), so a test
/// can derive an "after" report from a real "before" one.
/// </summary>
internal static class CredentialScenario
{
    /// <summary>Sets cells of the first row of <paramref name="user"/> (<c>&lt;root_account&gt;</c> for root).</summary>
    public static string Edit(string csv, string user, params (string Column, string Value)[] edits) => EditRow(csv, user, 0, edits);

    /// <summary>Sets cells of the <paramref name="occurrence"/>th row (0-based) of <paramref name="user"/>.</summary>
    public static string EditRow(string csv, string user, int occurrence, params (string Column, string Value)[] edits)
    {
        var lines = CredentialTestData.Lines(csv);
        var header = lines[0].Split(',');
        var seen = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            if (fields[0] != user || seen++ != occurrence)
            {
                continue;
            }

            foreach (var (column, value) in edits)
            {
                var index = Array.IndexOf(header, column);
                if (index < 0)
                {
                    throw new ArgumentException($"no column {column}");
                }

                fields[index] = value;
            }

            lines[i] = string.Join(',', fields);
            return string.Join('\n', lines) + "\n";
        }

        throw new ArgumentException($"no row {occurrence} for {user}");
    }

    /// <summary>Removes every row of <paramref name="user"/>.</summary>
    public static string RemoveRows(string csv, string user) =>
        string.Join('\n', CredentialTestData.Lines(csv).Where((l, i) => i == 0 || l.Split(',')[0] != user)) + "\n";

    /// <summary>Appends a copy of the first row of <paramref name="template"/> for a new user with another name and ARN.</summary>
    public static string CopyRow(string csv, string template, string newName)
    {
        var lines = CredentialTestData.Lines(csv).ToList();
        var fields = lines.First(l => l.Split(',')[0] == template).Split(',');
        fields[1] = fields[1][..(fields[1].LastIndexOf('/') + 1)] + newName;
        fields[0] = newName;
        lines.Add(string.Join(',', fields));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Authorization details holding one user for each user row of the report (root excluded), so rows join users.</summary>
    public static JsonObject AuthzFor(string csv, params string[] except)
    {
        var users = new JsonArray();
        foreach (var line in CredentialTestData.Lines(csv).Skip(1))
        {
            var fields = line.Split(',');
            var (name, arn) = (fields[0], fields[1]);
            if (name == CredentialReportEntry.RootUserName || except.Contains(name) || users.Any(u => (string)u!["Arn"]! == arn))
            {
                continue;
            }

            var resource = arn[(arn.IndexOf(":user/", StringComparison.Ordinal) + 5)..];
            users.Add(new JsonObject
            {
                ["Path"] = resource[..(resource.LastIndexOf('/') + 1)],
                ["UserName"] = name,
                ["UserId"] = "AIDA" + name.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal),
                ["Arn"] = arn,
                ["CreateDate"] = "2016-01-01T00:00:00Z",
                ["GroupList"] = new JsonArray(),
                ["AttachedManagedPolicies"] = new JsonArray(),
                ["UserPolicyList"] = new JsonArray(),
            });
        }

        return new JsonObject { ["UserDetailList"] = users, ["GroupDetailList"] = new JsonArray(), ["RoleDetailList"] = new JsonArray(), ["Policies"] = new JsonArray() };
    }

    /// <summary>A snapshot of <paramref name="authz"/> (default: <see cref="AuthzFor"/> the report) with the report and optional parts.</summary>
    public static AccountSnapshot Snapshot(string? csv, JsonObject? authz = null, DateTimeOffset? capturedAt = null, Action<OptionalParts>? parts = null, DateTimeOffset? generatedAt = null)
    {
        authz ??= csv is null ? AuthzFor("user,arn\n") : AuthzFor(csv);
        var entities = SnapshotFile.Load(Encoding.UTF8.GetBytes(authz.ToJsonString()), "authz.json", new ImportOptions { CapturedAt = capturedAt });
        var optional = OptionalParts.Of(entities);
        if (csv is not null)
        {
            var report = CredentialReportParser.Parse(csv, "report.csv");
            optional.CredentialReport = generatedAt is null ? report : new CredentialReport(report.Entries, generatedAt);
        }

        parts?.Invoke(optional);
        return optional.ApplyTo(entities);
    }
}
