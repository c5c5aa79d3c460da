using System.Text.Json;

namespace IamSnapshot.Runner.Tests;

public class ReportOutputTests
{
    [Fact]
    public async Task Diff_SeveralReports_AreWrittenInOneRun_AndQuietKeepsStdoutEmpty()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-reports-");
        try
        {
            string F(string name) => Path.Combine(dir.FullName, name);
            var (code, output, error) = await RunnerHarness.RunAsync(
                "diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--quiet",
                "--report", "sarif=" + F("out.sarif"), "--report", "md=" + F("summary.md"), "--report", "html=" + F("report.html"),
                "--report", "csv=" + F("findings.csv"), "--report", "json=" + F("sub/report.json"));

            code.Should().Be(1, "the sample has high findings and --fail-on defaults to high");
            output.Should().BeEmpty();
            error.Should().BeEmpty();
            using (var sarif = JsonDocument.Parse(await File.ReadAllBytesAsync(F("out.sarif"))))
            {
                sarif.RootElement.GetProperty("version").GetString().Should().Be("2.1.0");
            }

            (await File.ReadAllTextAsync(F("summary.md"))).Should().StartWith("## IamSnapshot diff:");
            (await File.ReadAllTextAsync(F("report.html"))).Should().StartWith("<!DOCTYPE html>");
            (await File.ReadAllTextAsync(F("findings.csv"))).Should().StartWith("severity,ruleId,");
            File.Exists(F("sub/report.json")).Should().BeTrue("a missing folder is created");
            Directory.GetFiles(dir.FullName, "*", SearchOption.AllDirectories).Should().HaveCount(5, "no temporary file is left behind");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Diff_ReportBesideStdout_WritesBoth()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-reports-");
        try
        {
            var md = Path.Combine(dir.FullName, "summary.md");
            var (code, output, _) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--fail-on", "none", "--report", "md=" + md);

            code.Should().Be(0);
            output.Should().StartWith("IamSnapshot diff");
            (await File.ReadAllTextAsync(md)).Should().Contain("### Findings (").And.Contain("| 🔴 Critical | 4 |");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Diff_BadReportSpec_FailsBeforeAnyWork_AndWritesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-reports-");
        try
        {
            var sarif = Path.Combine(dir.FullName, "out.sarif");
            var (code, output, error) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--report", "sarif=" + sarif, "--report", "docx=x.docx");

            code.Should().Be(2);
            output.Should().BeEmpty();
            error.Should().StartWith("error: --report docx=x.docx: unknown format \"docx\"");
            Directory.GetFiles(dir.FullName).Should().BeEmpty();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Diff_Quiet_WithOutput_StillWritesTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("iamsnapshot-reports-");
        try
        {
            var target = Path.Combine(dir.FullName, "r.txt");
            var (code, output, _) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "-q", "-o", target, "--fail-on", "critical");

            code.Should().Be(1);
            output.Should().BeEmpty();
            (await File.ReadAllTextAsync(target)).Should().StartWith("IamSnapshot diff");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Diff_Text_IsColouredOnlyOnAColourTerminalWithoutNoColor()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--fail-on", "none"];

        await Cli.RunAsync(args, new RunnerConsole(output, error, ColorAllowed: true));
        output.ToString().Should().Contain("\u001b[");

        using var plain = new StringWriter();
        await Cli.RunAsync([.. args, "--no-color"], new RunnerConsole(plain, error, ColorAllowed: true));
        plain.ToString().Should().NotContain("\u001b[");

        using var sarif = new StringWriter();
        await Cli.RunAsync([.. args, "--format", "sarif"], new RunnerConsole(sarif, error, ColorAllowed: true));
        sarif.ToString().Should().NotContain("\u001b[", "only the text format is ever coloured");
    }
}
