using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Rules;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Attribution;

/// <summary>
/// Snapshots built by hand around the real Invictus / Stratus Red Team logs (the logs are the real input): the
/// attacker user ir-analyst creates a user with AdministratorAccess, backdoors a role's trust, creates and deletes
/// users, and cleans up.
/// </summary>
public class AttributionTests
{
    private const string Account = "111122223333";

    private static string Log(string name) => TestFiles.Path_("realdata", "cloudtrail", name);

    private static JsonObject BeforeAccount() => (JsonObject)Accounts.Json($$"""
    {
      "UserDetailList": [
        { "UserName": "ir-analyst", "UserId": "AIDAIRANALYST", "Arn": "arn:aws:iam::{{Account}}:user/ir-analyst", "Path": "/", "Tags": [{"Key":"team","Value":"ir"}] }
      ],
      "GroupDetailList": [],
      "RoleDetailList": [
        { "RoleName": "stratus-red-team-backdoor-r-role", "RoleId": "AROABACKDOOR", "Arn": "arn:aws:iam::{{Account}}:role/stratus-red-team-backdoor-r-role", "Path": "/",
          "AssumeRolePolicyDocument": {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]},
          "AttachedManagedPolicies": [], "RolePolicyList": [] }
      ],
      "Policies": []
    }
    """);

    private static async Task<(SnapshotDiff Diff, ChangeAttribution Attribution)> Scenario(Action<JsonObject>? extra = null, string before = "2023-07-10T12:05:00Z", string after = "2023-07-10T12:29:30Z")
    {
        var b = BeforeAccount();
        var a = (JsonObject)b.DeepClone();
        a["UserDetailList"]!.AsArray().Add(Accounts.Json($$"""{ "UserName": "malicious-iam-user", "UserId": "AIDAMALICIOUS", "Arn": "arn:aws:iam::{{Account}}:user/malicious-iam-user", "Path": "/", "AttachedManagedPolicies": [{"PolicyName":"AdministratorAccess","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}] }"""));
        a.Role("stratus-red-team-backdoor-r-role")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"AdministratorAccess","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}"""));
        extra?.Invoke(a);
        var diff = SnapshotDiffer.Compare(Load(b, before), Load(a, after));
        var log = await CloudTrailReader.LoadAsync([Log("invictus-aws_dataset-20230710T1210Z_6CICdbJQM3beT7n3.json"), Log("invictus-aws_dataset-20230710T1230Z_ZtUNbBkwAu98FPZb.json"), Log("invictus-aws_dataset-20230710T1230Z_9SJSsrxJ0ChF5VFb.json")]);
        return (diff, ChangeAttribution.Compute(diff, log));
    }

    private static AccountSnapshot Load(JsonObject account, string capturedAt) =>
        SnapshotFile.Load(System.Text.Encoding.UTF8.GetBytes(account.ToJsonString()), "t.json", new ImportOptions { CapturedAt = DateTimeOffset.Parse(capturedAt) });

    [Fact]
    public async Task Attribution_NewAdminUser_IsExplainedByTheAttackersEvents()
    {
        var (diff, attribution) = await Scenario();

        attribution.CoversWindow.Should().BeTrue();
        var added = diff.Changes.Single(c => c.Arn.EndsWith("user/malicious-iam-user"));
        var events = attribution.EventsFor(added);
        events.Should().Contain(e => e.Event.EventName == "CreateUser");
        events.Should().OnlyContain(e => e.Event.Actor.Arn == "arn:aws:iam::111122223333:user/ir-analyst");

        var role = diff.Changes.Single(c => c.Arn.EndsWith("role/stratus-red-team-backdoor-r-role"));
        attribution.EventsFor(role).Should().ContainSingle(e => e.Event.EventName == "AttachRolePolicy");
        attribution.Unexplained.Should().BeEmpty();
    }

    [Fact]
    public async Task Attribution_ChangeWithNoEvent_IsUnexplained()
    {
        var (_, attribution) = await Scenario(a => a.User("ir-analyst")["Tags"] = Accounts.Json("""[{"Key":"team","Value":"red"}]"""));

        attribution.Unexplained.Should().ContainSingle().Which.Property!.Path.Should().Be("/tags/team");
    }

    [Fact]
    public async Task Attribution_CreatedAndDeletedUsersAndRestoredTrust_AreTransientFindings()
    {
        var (diff, attribution) = await Scenario();
        var findings = RuleEngine.Default.Analyze(diff, attribution);

        findings.Should().Contain(f => f.RuleId == "IAM5002" && f.Arn.EndsWith("user/stratus-red-team-backdoor-u-user"));
        findings.Should().Contain(f => f.RuleId == "IAM5002" && f.Arn.EndsWith("user/stratus-red-team-nmfalu-gfjyeaypjt"));
        findings.Should().Contain(f => f.RuleId == "IAM1018" && f.Arn.EndsWith("user/malicious-iam-user"));
        findings.Should().NotContain(f => f.RuleId == "IAM5001", "every change is explained");
    }

    [Fact]
    public async Task Attribution_WindowBeyondTheLogs_IsReportedAndNothingIsCalledUnexplained()
    {
        var (diff, attribution) = await Scenario(a => a.User("ir-analyst")["Tags"] = new JsonArray(), after: "2023-07-11T09:00:00Z");

        attribution.CoversWindow.Should().BeFalse();
        attribution.Unexplained.Should().BeEmpty();
        RuleEngine.Default.Analyze(diff, attribution).Should().Contain(f => f.RuleId == "IAM5004" && f.Message.Contains("do not cover"));
    }

    [Fact]
    public async Task Attribution_UnknownCaptureTime_UsesWhatTheLogsCoverAndSaysSo()
    {
        var b = BeforeAccount();
        var diff = SnapshotDiffer.Compare(Accounts.Load(b), Accounts.Load(b));
        var log = await CloudTrailReader.LoadAsync([Log("stratus-red-team-iam-create-backdoor-role.json")]);

        var attribution = ChangeAttribution.Compute(diff, log);

        attribution.WindowFromLogs.Should().BeTrue();
        attribution.Notes.Should().Contain(n => n.Contains("no capture time"));
    }
}
