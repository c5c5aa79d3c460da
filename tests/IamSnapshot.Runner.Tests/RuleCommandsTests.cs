using System.Text.Json;

namespace IamSnapshot.Runner.Tests;

public class RuleCommandsTests
{
    [Fact]
    public async Task Rules_ListsEveryRule_AndExplainsOne()
    {
        var (code, output, _) = await RunnerHarness.RunAsync("rules");
        code.Should().Be(0);
        output.Should().Contain("IAM1001").And.Contain("IAM2003").And.Contain("rules.");

        var (explainCode, explanation, _) = await RunnerHarness.RunAsync("rules", "IAM2001");
        explainCode.Should().Be(0);
        explanation.Should().StartWith("IAM2001: Role can be assumed by anyone").And.Contain("docs/rules/IAM2001.md");

        (await RunnerHarness.RunAsync("rules", "IAM9999")).ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Scan_RealCloudsplainingAccount_ReportsPostureFindings()
    {
        var (code, output, _) = await RunnerHarness.RunAsync("scan", RunnerHarness.TestData("realdata", "authz", "cloudsplaining-example-2023.json"), "--format", "json");

        code.Should().Be(1, "the lab account holds critical standing risks");
        using var report = JsonDocument.Parse(output);
        var rules = report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToHashSet();
        rules.Should().Contain(["IAM1006", "IAM1007", "IAM1010"]);
        report.RootElement.GetProperty("findings").EnumerateArray().Should().OnlyContain(f => f.GetProperty("kind").GetString() == "posture");
    }

    [Fact]
    public async Task Diff_WithConfigSuppressionAndBaseline_FailsOnlyOnNewUnsuppressedFindings()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-config-");
        try
        {
            var config = Path.Combine(dir.FullName, "iamsnapshot.json");
            await File.WriteAllTextAsync(config, """
                { "suppressions": [ { "ruleId": "IAM2001", "arn": "arn:aws:iam::444455556666:role/fp4-*", "justification": "demo role, ticket SEC-1" } ] }
                """);
            var baseline = Path.Combine(dir.FullName, "baseline.json");
            var before = RunnerHarness.Sample("before.json");
            var after = RunnerHarness.Sample("after.json");

            var (code, output, _) = await RunnerHarness.RunAsync("diff", before, after, "--config", config, "--format", "json", "--write-baseline", baseline);
            code.Should().Be(1);
            using (var report = JsonDocument.Parse(output))
            {
                var iam2001 = report.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "IAM2001");
                iam2001.GetProperty("suppressed").GetBoolean().Should().BeTrue();
                iam2001.GetProperty("justification").GetString().Should().Be("demo role, ticket SEC-1");
            }

            var (again, _, _) = await RunnerHarness.RunAsync("diff", before, after, "--config", config, "--baseline", baseline, "--fail-on", "info");
            again.Should().Be(0, "every finding is in the baseline");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Diff_InvalidConfig_ExitsTwoListingProblems()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-config-");
        try
        {
            var config = Path.Combine(dir.FullName, "bad.json");
            await File.WriteAllTextAsync(config, """{ "severity": { "IAM1001": "urgent" }, "suppressions": [ { "ruleId": "IAM2001", "arn": "*" } ] }""");

            var (code, _, error) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--config", config);

            code.Should().Be(2);
            error.Should().Contain("2 problem(s)").And.Contain("$.severity.IAM1001").And.Contain("$.suppressions[0].justification");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Diff_Posture_ReportsOnlyNewStandingRisks()
    {
        var (_, output, _) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--posture", "--format", "json", "--fail-on", "none");

        using var report = JsonDocument.Parse(output);
        var posture = report.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("kind").GetString() == "posture").ToList();
        posture.Should().Contain(f => f.GetProperty("ruleId").GetString() == "IAM2003", "the role newly trusts *");
        posture.Should().NotContain(f => f.GetProperty("arn").GetString()!.EndsWith("policy/fp2-allow-all"), "that admin policy was already there before");
    }
}
