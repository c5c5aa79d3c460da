using System.Text.Json;

namespace IamSnapshot.Runner.Tests;

public class HistoryCommandTests
{
    private static string Folder => RunnerHarness.TestData("history");

    [Theory]
    [InlineData("json", "history.json")]
    [InlineData("md", "history.md")]
    [InlineData("sarif", "history.sarif")]
    [InlineData("csv", "history.csv")]
    [InlineData("text", "history.txt")]
    public async Task History_TestFolder_MatchesGolden(string format, string golden)
    {
        var (code, output, error) = await RunnerHarness.RunAsync("history", Folder, "--format", format, "--fail-on", "none", "--sarif-base", AppContext.BaseDirectory);

        code.Should().Be(0, error);
        await RunnerHarness.MatchGoldenAsync(output.Replace(AppContext.BaseDirectory, string.Empty, StringComparison.Ordinal), golden);
    }

    [Fact]
    public async Task History_OrdersByCaptureTime_AndDiffsEachConsecutivePair()
    {
        var (code, output, _) = await RunnerHarness.RunAsync("history", Folder, "--format", "json");

        code.Should().Be(1, "step 1 has critical findings");
        using var report = JsonDocument.Parse(output);
        report.RootElement.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("capturedAt").GetString())
            .Should().Equal("2026-11-15T06:00:00Z", "2026-11-22T06:00:00Z", "2026-12-01T06:00:00Z", "2026-12-08T06:00:00Z");
        var steps = report.RootElement.GetProperty("steps").EnumerateArray().ToList();
        steps.Select(s => s.GetProperty("step").GetString()).Should().Equal(
            "2026-11-15.json -> 2026-11-22.json", "2026-11-22.json -> 2026-12-01.json", "2026-12-01.json -> 2026-12-08.json");
        steps[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).Should().Contain(["IAM1018", "IAM2001"]).And.NotContain(["IAM1002", "IAM1003", "IAM2002"], "those changes happen in step 2");
        steps[1].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).Should().Contain(["IAM1002", "IAM1003", "IAM1004", "IAM1005", "IAM2002"]);
        steps[2].GetProperty("findings").GetArrayLength().Should().Be(0, "the last step only remediates");
        steps[2].GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).Should().BeEquivalentTo(["modified", "removed"]);
    }

    [Fact]
    public async Task History_FileNamesDoNotDecideOrder_CaptureTimeDoes()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-history-");
        try
        {
            // Names sort the other way round from capture times.
            File.Copy(Path.Combine(Folder, "2026-11-15.json"), Path.Combine(dir.FullName, "c.json"));
            File.Copy(Path.Combine(Folder, "2026-11-22.json"), Path.Combine(dir.FullName, "b.json"));
            File.Copy(Path.Combine(Folder, "2026-12-01.json"), Path.Combine(dir.FullName, "a.json"));

            var (code, output, _) = await RunnerHarness.RunAsync("history", dir.FullName, "--format", "json", "--fail-on", "none");

            code.Should().Be(0);
            using var report = JsonDocument.Parse(output);
            report.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()).Should().Equal("c.json -> b.json", "b.json -> a.json");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task History_MixedAccounts_ExitsTwoNamingThem()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-history-");
        try
        {
            File.Copy(Path.Combine(Folder, "2026-11-15.json"), Path.Combine(dir.FullName, "one.json"));
            var other = (await File.ReadAllTextAsync(Path.Combine(Folder, "2026-11-22.json"))).Replace("444455556666", "777788889999", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "two.json"), other);

            var (code, output, error) = await RunnerHarness.RunAsync("history", dir.FullName);

            code.Should().Be(2);
            output.Should().BeEmpty();
            error.Should().Contain("different accounts").And.Contain("one.json is account 444455556666").And.Contain("two.json is account 777788889999");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task History_TooFewSnapshots_OrBadFile_OrMissingFolder_ExitTwo()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-history-");
        try
        {
            File.Copy(Path.Combine(Folder, "2026-11-15.json"), Path.Combine(dir.FullName, "one.json"));
            var (code, _, error) = await RunnerHarness.RunAsync("history", dir.FullName);
            code.Should().Be(2);
            error.Should().Contain("at least two snapshots");

            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "notes.json"), "{\"name\": \"not a snapshot\"}");
            (code, _, error) = await RunnerHarness.RunAsync("history", dir.FullName);
            code.Should().Be(2);
            error.Should().Contain("notes.json", "a file that is not a snapshot is named, never skipped");

            (code, _, error) = await RunnerHarness.RunAsync("history", Path.Combine(dir.FullName, "nope"));
            code.Should().Be(2);
            error.Should().Contain("folder not found");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task History_SarifAndCsv_TagEveryFindingWithItsStep()
    {
        var (_, json, _) = await RunnerHarness.RunAsync("history", Folder, "--format", "json", "--fail-on", "none");
        int expected;
        using (var report = JsonDocument.Parse(json))
        {
            expected = report.RootElement.GetProperty("summary").GetProperty("findings").GetInt32();
        }

        expected.Should().BeGreaterThan(10);
        var (_, sarif, _) = await RunnerHarness.RunAsync("history", Folder, "--format", "sarif", "--fail-on", "none");
        using var document = JsonDocument.Parse(sarif);
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.Should().HaveCount(expected);
        results.Select(r => r.GetProperty("properties").GetProperty("step").GetString()).Distinct()
            .Should().Equal("2026-11-15.json -> 2026-11-22.json", "2026-11-22.json -> 2026-12-01.json");
        results.Where(r => r.GetProperty("properties").GetProperty("step").GetString()!.StartsWith("2026-11-15", StringComparison.Ordinal))
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())
            .Should().OnlyContain(uri => uri!.EndsWith("history/2026-11-22.json", StringComparison.Ordinal), "a step's results point into its after snapshot");

        var (_, csv, _) = await RunnerHarness.RunAsync("history", Folder, "--format", "csv", "--fail-on", "none");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("step,severity,ruleId,");
        lines.Skip(1).Should().HaveCount(expected).And.OnlyContain(l => l.StartsWith("2026-11-15.json -> 2026-11-22.json,", StringComparison.Ordinal) || l.StartsWith("2026-11-22.json -> 2026-12-01.json,", StringComparison.Ordinal));
    }
}
