using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamSnapshot.Runner.Tests;

/// <summary><c>scan</c> and <c>diff</c> on folders of AWS CLI outputs (CloudMapper's demo collection) with credential reports.</summary>
public sealed class CredentialCommandsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("iamsnapshot-credentials-");

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>A CloudMapper-style folder: the demo's authorization details and its credential report, edited.</summary>
    private string Folder(string name, Func<string, string>? editReport = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root.FullName, name)).FullName;
        File.Copy(RunnerHarness.TestData("realdata", "authz", "cloudmapper-demo-authz.json"), Path.Combine(folder, "iam-get-account-authorization-details.json"));
        var report = JsonNode.Parse(File.ReadAllText(RunnerHarness.TestData("realdata", "credreport", "cloudmapper-demo-get-credential-report.json")))!.AsObject();
        report["Content"] = (editReport ?? (c => c))((string)report["Content"]!);
        File.WriteAllText(Path.Combine(folder, "iam-get-credential-report.json"), report.ToJsonString());
        return folder;
    }

    [Fact]
    public async Task Scan_Folder_ReportsTheRootAccessKey()
    {
        var (code, output, _) = await RunnerHarness.RunAsync("scan", Folder("demo"), "--format", "json");

        code.Should().Be(1);
        using var report = JsonDocument.Parse(output);
        var key = report.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "IAM3001");
        key.GetProperty("severity").GetString().Should().Be("critical");
        key.GetProperty("arn").GetString().Should().Be("arn:aws:iam::123456789012:root");
        key.GetProperty("entityType").GetString().Should().Be("account");
    }

    [Fact]
    public async Task Diff_TwoFolders_ShowsCredentialChangesAndRootActivity()
    {
        var before = Folder("before");
        var after = Folder("after", content => content
            .Replace("not_supported,true,true,2018-11-23T16:01:14+00:00,2018-11-27T00:02:00+00:00", "not_supported,false,true,2018-11-23T16:01:14+00:00,2019-05-08T00:02:00+00:00", StringComparison.Ordinal)
            .Replace("2019-05-07T15:35:54+00:00,false,N/A,N/A,N/A,false,true,", "2019-05-07T15:35:54+00:00,false,N/A,N/A,N/A,false,false,", StringComparison.Ordinal));

        var (code, output, _) = await RunnerHarness.RunAsync("diff", before, after, "--format", "json");
        var (_, text, _) = await RunnerHarness.RunAsync("diff", before, after);

        code.Should().Be(1);
        using var report = JsonDocument.Parse(output);
        var changes = report.RootElement.GetProperty("changes").EnumerateArray().ToList();
        changes.Select(c => (c.GetProperty("entityType").GetString(), c.GetProperty("name").GetString())).Should().Equal(("user", "auditor_tmp"), ("account", "123456789012"));
        changes[0].GetProperty("properties")[0].GetProperty("path").GetString().Should().Be("/credentials/accessKey1/active");
        changes[1].GetProperty("properties")[0].GetProperty("path").GetString().Should().Be("/credentials/mfaActive");
        changes[1].GetProperty("properties")[0].GetProperty("category").GetString().Should().Be("credentials");
        report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).Should().BeEquivalentTo("IAM3018", "IAM3019");
        text.Should().Contain("account 123456789012").And.Contain("~ /credentials/mfaActive: true -> false (credentials)");
    }
}
