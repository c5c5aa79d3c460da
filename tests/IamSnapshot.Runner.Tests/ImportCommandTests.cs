namespace IamSnapshot.Runner.Tests;

public class ImportCommandTests
{
    [Fact]
    public async Task Import_RealDump_Twice_IsByteIdentical_AndDiffsClean()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-import-");
        try
        {
            var input = RunnerHarness.TestData("realdata", "authz", "cloudsplaining-example-2023.json");
            var a = Path.Combine(dir.FullName, "a.json");
            var b = Path.Combine(dir.FullName, "b.json");
            (await RunnerHarness.RunAsync("import", input, "--output", a, "--captured-at", "2026-12-01T06:00:00Z")).ExitCode.Should().Be(0);
            (await RunnerHarness.RunAsync("import", input, "--output", b, "--captured-at", "2026-12-01T06:00:00Z")).ExitCode.Should().Be(0);

            (await File.ReadAllBytesAsync(a)).Should().Equal(await File.ReadAllBytesAsync(b));
            var (code, output, _) = await RunnerHarness.RunAsync("diff", a, input, "--fail-on", "info");
            code.Should().Be(0);
            output.Should().Contain("No changes.");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Import_BadCapturedAt_ExitsTwo()
    {
        var (code, _, error) = await RunnerHarness.RunAsync("import", RunnerHarness.Sample("before.json"), "--output", "x.json", "--captured-at", "last tuesday");
        code.Should().Be(2);
        error.Should().Contain("--captured-at");
    }

    [Fact]
    public async Task Import_BadInput_LeavesExistingOutputUntouched()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-import-");
        try
        {
            var output = Path.Combine(dir.FullName, "snap.json");
            await File.WriteAllTextAsync(output, "previous content");
            var bad = Path.Combine(dir.FullName, "bad.json");
            await File.WriteAllTextAsync(bad, "{\"UserDetailList\": [");

            var (code, _, _) = await RunnerHarness.RunAsync("import", bad, "--output", output);

            code.Should().Be(2);
            (await File.ReadAllTextAsync(output)).Should().Be("previous content");
            Directory.GetFiles(dir.FullName).Should().HaveCount(2);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
