using System.Text;
using System.Text.Json;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Tests;

public class CloudTrailCommandTests
{
    private const string Before = """
        { "UserDetailList": [ { "UserName": "ir-analyst", "UserId": "AIDAIRANALYST", "Arn": "arn:aws:iam::111122223333:user/ir-analyst", "Path": "/" } ],
          "GroupDetailList": [], "RoleDetailList": [], "Policies": [] }
        """;

    private const string After = """
        { "UserDetailList": [ { "UserName": "ir-analyst", "UserId": "AIDAIRANALYST", "Arn": "arn:aws:iam::111122223333:user/ir-analyst", "Path": "/" },
            { "UserName": "malicious-iam-user", "UserId": "AIDAMALICIOUS", "Arn": "arn:aws:iam::111122223333:user/malicious-iam-user", "Path": "/",
              "AttachedManagedPolicies": [ { "PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess" } ] } ],
          "GroupDetailList": [], "RoleDetailList": [], "Policies": [] }
        """;

    [Fact]
    public async Task Diff_WithCloudTrailFolder_AttributesChangesAndReportsTransientOnes()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-ct-");
        try
        {
            var before = Path.Combine(dir.FullName, "before.json");
            var after = Path.Combine(dir.FullName, "after.json");
            await SnapshotFile.SaveAsync(SnapshotFile.Load(Encoding.UTF8.GetBytes(Before), "b", new ImportOptions { CapturedAt = DateTimeOffset.Parse("2023-07-10T12:05:00Z") }), before);
            await SnapshotFile.SaveAsync(SnapshotFile.Load(Encoding.UTF8.GetBytes(After), "a", new ImportOptions { CapturedAt = DateTimeOffset.Parse("2023-07-10T12:29:30Z") }), after);
            var logs = RunnerHarness.TestData("realdata", "cloudtrail");

            var (code, output, error) = await RunnerHarness.RunAsync("diff", before, after, "--cloudtrail", logs, "--format", "json", "--fail-on", "none");

            code.Should().Be(0, error);
            error.Should().Contain("IAM write event(s)");
            using var report = JsonDocument.Parse(output);
            var change = report.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("arn").GetString()!.EndsWith("malicious-iam-user"));
            var events = change.GetProperty("events").EnumerateArray().ToList();
            events.Should().Contain(e => e.GetProperty("eventName").GetString() == "CreateUser");
            events.Should().OnlyContain(e => e.GetProperty("actorArn").GetString() == "arn:aws:iam::111122223333:user/ir-analyst");
            var rules = report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
            rules.Should().Contain("IAM5002", "users were created and deleted inside the window");
            rules.Should().Contain("IAM1018");
            report.RootElement.GetProperty("attribution").GetProperty("coversWindow").GetBoolean().Should().BeTrue();

            var (_, text, _) = await RunnerHarness.RunAsync("diff", before, after, "--cloudtrail", logs, "--fail-on", "none");
            text.Should().Contain("by 2023-07-10T12:24:49Z CreateUser by arn:aws:iam::111122223333:user/ir-analyst");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Diff_WithMalformedLogLine_ReportsPositionAndGoesOn()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-ct-");
        try
        {
            var logs = Path.Combine(dir.FullName, "events.jsonl");
            var record = JsonDocument.Parse(await File.ReadAllTextAsync(RunnerHarness.TestData("realdata", "cloudtrail", "stratus-red-team-iam-create-backdoor-role.json"))).RootElement[0].GetRawText();
            await File.WriteAllTextAsync(logs, record.ReplaceLineEndings(" ") + "\n{ not json\n");

            var (code, _, error) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("before.json"), "--cloudtrail", logs, "--fail-on", "none");

            code.Should().Be(0);
            error.Should().Contain("events.jsonl").And.Contain("line 2");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
