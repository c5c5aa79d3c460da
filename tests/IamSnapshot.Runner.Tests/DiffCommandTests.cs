using System.Text;
using System.Text.Json;

namespace IamSnapshot.Runner.Tests;

public class DiffCommandTests
{
    [Fact]
    public async Task Diff_SampleData_FailOnNone_ExitsZeroAndShowsPlantedChanges()
    {
        var (code, output, error) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--fail-on", "none");

        code.Should().Be(0, error);
        output.Should().Contain("IAM2001").And.Contain("IAM2002").And.Contain("IAM1018").And.Contain("IAM1002")
            .And.Contain("IAM1003").And.Contain("IAM1004").And.Contain("IAM1005").And.Contain("IAM4001");
        output.Should().NotContain("\u001b[", "colour is only for terminals");
    }

    [Fact]
    public async Task Diff_SampleData_DefaultFailOn_ExitsOne()
    {
        var (code, _, _) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"));
        code.Should().Be(1);
    }

    [Fact]
    public async Task Diff_SampleData_FailOnCriticalOnlyInfoChanges_ExitsZero()
    {
        var (code, _, _) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("before.json"), "--fail-on", "info");
        code.Should().Be(0);
    }

    [Fact]
    public async Task Diff_RawDumpAndSavedSnapshot_AreInterchangeable()
    {
        var (code, output, _) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample(Path.Combine("source", "before-authz.json")), RunnerHarness.Sample("before.json"), "--format", "json", "--fail-on", "none");

        code.Should().Be(0);
        using var report = JsonDocument.Parse(output);
        report.RootElement.GetProperty("changes").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("json", "sample-diff.json")]
    [InlineData("text", "sample-diff.txt")]
    [InlineData("sarif", "sample-diff.sarif")]
    [InlineData("md", "sample-diff.md")]
    [InlineData("html", "sample-diff.html")]
    [InlineData("csv", "sample-diff.csv")]
    public async Task Diff_SampleData_MatchesGolden(string format, string golden)
    {
        var (code, output, error) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--format", format, "--fail-on", "none", "--sarif-base", RunnerHarness.RepoRoot);

        code.Should().Be(0, error);
        await RunnerHarness.MatchGoldenAsync(output, golden);
    }

    [Fact]
    public async Task Diff_OutputFile_IsWrittenAndStdoutEmpty()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-runner-");
        try
        {
            var target = Path.Combine(dir.FullName, "report.json");
            var (code, output, _) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--format", "json", "--output", target);

            code.Should().Be(1);
            output.Should().BeEmpty();
            using var report = JsonDocument.Parse(await File.ReadAllBytesAsync(target));
            report.RootElement.GetProperty("findings").EnumerateArray().Should().Contain(f => f.GetProperty("ruleId").GetString() == "IAM2001");
            Directory.GetFiles(dir.FullName).Should().ContainSingle();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "empty.json", "", "the file is empty" },
        { "truncated.json", "{\"UserDetailList\": [{\"UserName\": \"a\"", "not valid JSON" },
        { "array.json", "[1, 2, 3]", "found an array" },
        { "unrelated.json", "{\"name\": \"package\", \"version\": \"1.0.0\"}", "has neither" },
        { "badpolicy.json", "{\"RoleDetailList\":[{\"RoleName\":\"r\",\"Arn\":\"arn:aws:iam::111122223333:role/r\",\"AssumeRolePolicyDocument\":\"%7Bnot json\"}]}", "$.RoleDetailList[0].AssumeRolePolicyDocument" },
        { "garbage.bin", "\u0001\u0002\u00ff\u00fe garbage", "line 1, column 3: expected UTF-8 text" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Diff_BadInput_ExitsTwoWithOneMessageNamingFileAndPlace(string name, string content, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-runner-");
        try
        {
            var bad = Path.Combine(dir.FullName, name);
            await File.WriteAllBytesAsync(bad, Encoding.Latin1.GetBytes(content));
            var report = Path.Combine(dir.FullName, "report.json");

            var (code, output, error) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), bad, "--output", report);

            code.Should().Be(2);
            output.Should().BeEmpty();
            error.Should().StartWith("error: " + bad).And.Contain(expected).And.NotContain("   at ", "no stack trace");
            error.Trim().Split('\n').Should().ContainSingle();
            File.Exists(report).Should().BeFalse("no partial output is left behind");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Diff_MissingFileAndFolder_ExitTwo()
    {
        (await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), "/nonexistent/after.json")).ExitCode.Should().Be(2);
        var (code, _, error) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), Path.GetTempPath());
        code.Should().Be(2);
        error.Should().Contain("folder");
    }

    [Theory]
    [InlineData("diff")]
    [InlineData("diff", "a.json", "b.json", "--fail-on", "severe")]
    [InlineData("diff", "a.json", "b.json", "--format", "pdf")]
    [InlineData("diff", "a.json", "b.json", "--report", "pdf=x.pdf")]
    [InlineData("diff", "a.json", "b.json", "--report", "sarif")]
    [InlineData("diff", "a.json", "b.json", "--report", "sarif=x.sarif", "--report", "md=x.sarif")]
    [InlineData("history")]
    [InlineData("frobnicate")]
    public async Task Usage_Errors_ExitTwo(params string[] args)
    {
        var (code, _, error) = await RunnerHarness.RunAsync(args);
        code.Should().Be(2);
        error.Should().StartWith("error: ");
    }
}
