using System.Collections.Immutable;
using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Reporting;

/// <summary>Reports the reporting tests share: the sample diff, and a diff full of hostile names.</summary>
internal static class ReportFixtures
{
    public const string ImgUser = "<img src=x onerror=alert(1)>";
    public const string ScriptRole = "</script><script>alert(\"x\")</script>";
    public const string FormulaUser = "=HYPERLINK(\"evil.example\",\"click\")";
    public const string PipeUser = "|pipe|`tick`*star*@here";
    public const string Justification = "Approved in <b>CHG-1</b> | \"quoted\"";

    private static readonly Lazy<DiffReport> SampleLazy = new(() =>
    {
        var before = SnapshotFile.LoadAsync(Repo.File("samples", "data", "before.json")).GetAwaiter().GetResult();
        var after = SnapshotFile.LoadAsync(Repo.File("samples", "data", "after.json")).GetAwaiter().GetResult();
        var diff = SnapshotDiffer.Compare(before, after);
        return new DiffReport { Diff = diff, Findings = RuleEngine.Default.Analyze(diff), BeforeName = Repo.File("samples", "data", "before.json"), AfterName = Repo.File("samples", "data", "after.json") };
    });

    /// <summary>The sample diff (samples/data), named by absolute paths.</summary>
    public static DiffReport Sample => SampleLazy.Value;

    /// <summary>
    /// A diff whose names try to break every format: new users with markup, formula and Markdown names added to
    /// the admin group, a role with a script-ending name that starts trusting anyone, and one suppressed finding
    /// with a hostile justification.
    /// </summary>
    public static DiffReport Hostile()
    {
        var before = Accounts.Minimal();
        before["RoleDetailList"]!.AsArray().Add(HostileRole(trustAnyone: false));
        var after = Accounts.Minimal();
        after["RoleDetailList"]!.AsArray().Add(HostileRole(trustAnyone: true));
        foreach (var name in new[] { ImgUser, FormulaUser, PipeUser })
        {
            after["UserDetailList"]!.AsArray().Add(JsonNode.Parse($$"""
                { "Path": "/", "UserName": {{Quote(name)}}, "UserId": "AIDA{{Math.Abs(name.GetHashCode(StringComparison.Ordinal))}}", "Arn": {{Quote($"arn:aws:iam::{Accounts.Id}:user/{name}")}},
                  "CreateDate": "2024-02-01T00:00:00Z", "GroupList": ["admins"], "AttachedManagedPolicies": [], "UserPolicyList": [], "Tags": [] }
                """));
        }

        var diff = SnapshotDiffer.Compare(Accounts.Load(before, "before.json"), Accounts.Load(after, "after.json"));
        var findings = RuleEngine.Default.Analyze(diff);
        var suppressIndex = findings.IndexOf(findings.First(f => f.Arn.EndsWith(PipeUser, StringComparison.Ordinal)));
        var suppressed = findings.SetItem(suppressIndex, findings[suppressIndex] with { Suppressed = true, SuppressionJustification = Justification });
        return new DiffReport { Diff = diff, Findings = suppressed, BeforeName = "before.json", AfterName = "after <&> \"snap\".json" };
    }

    private static JsonNode HostileRole(bool trustAnyone) => JsonNode.Parse($$"""
        { "Path": "/", "RoleName": {{Quote(ScriptRole)}}, "RoleId": "AROAHOSTILE", "Arn": {{Quote($"arn:aws:iam::{Accounts.Id}:role/{ScriptRole}")}}, "CreateDate": "2024-01-01T00:00:00Z",
          "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": {{(trustAnyone ? "\"*\"" : $"\"arn:aws:iam::{Accounts.Id}:root\"")}} }, "Action": "sts:AssumeRole" } ] },
          "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": [] }
        """)!;

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>A two-step timeline over the sample: before → after → before again.</summary>
    public static HistoryReport SampleHistory()
    {
        var sample = Sample;
        var back = SnapshotDiffer.Compare(sample.Diff.After, sample.Diff.Before);
        var stepBack = new DiffReport { Diff = back, Findings = RuleEngine.Default.Analyze(back), BeforeName = sample.AfterName, AfterName = sample.BeforeName };
        return new HistoryReport { Location = Repo.File("samples", "data"), Steps = ImmutableArray.Create(sample, stepBack) };
    }

    public static string Write(DiffReport report, ReportFormat format, string? sourceRoot = null) =>
        ReportWriter.WriteToString(report, format, new ReportOptions { SourceRoot = sourceRoot });
}
