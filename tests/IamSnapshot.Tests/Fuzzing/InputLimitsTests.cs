using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;
using IamSnapshot.Sources;
using IamSnapshot.Tests.CloudTrail;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Fuzzing;

/// <summary>
/// The explicit input limits: <see cref="ImportOptions.MaxDepth"/> and <see cref="ImportOptions.MaxInputBytes"/> for
/// snapshot files and folders, <see cref="CloudTrailReaderOptions.MaxDepth"/> and
/// <see cref="CloudTrailReaderOptions.MaxInputBytes"/> for CloudTrail logs.
/// </summary>
public class InputLimitsTests
{
    /// <summary>The minimal account with an extra key (ignored by the loader) holding <paramref name="depth"/> nested arrays.</summary>
    private static byte[] AccountNestedTo(int depth)
    {
        var json = Accounts.Minimal().ToJsonString();
        var nested = new string('[', depth - 1) + new string(']', depth - 1);
        return Encoding.UTF8.GetBytes(json[..^1] + ",\"Extra\":" + nested + "}");
    }

    [Fact]
    public async Task Load_FileLargerThanMaxInputBytes_IsRefusedNamingTheLimit()
    {
        using var folder = new TempFolder();
        var path = folder.File("authz.json");
        File.Copy(TestFiles.CloudsplainingExample, path);
        var size = new FileInfo(path).Length;

        var act = () => SnapshotFile.LoadAsync(path, new ImportOptions { MaxInputBytes = 100_000 });

        var error = (await act.Should().ThrowAsync<SnapshotFormatException>()).Which;
        error.FilePath.Should().Be(path);
        error.Message.Should().Contain("ImportOptions.MaxInputBytes").And.Contain("100,000").And.Contain(size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        (await SnapshotFile.LoadAsync(path)).Roles.Should().NotBeEmpty("the default limit (512 MiB) is far above a real dump");
    }

    [Fact]
    public void Load_BytesLargerThanMaxInputBytes_IsRefused()
    {
        var bytes = File.ReadAllBytes(TestFiles.CloudMapperDemo);

        var act = () => SnapshotFile.Load(bytes, "demo.json", new ImportOptions { MaxInputBytes = bytes.Length - 1 });

        act.Should().Throw<SnapshotFormatException>().Which.Message.Should().StartWith("demo.json: ").And.Contain("MaxInputBytes");
        SnapshotFile.Load(bytes, "demo.json", new ImportOptions { MaxInputBytes = bytes.Length }).Users.Should().NotBeEmpty();
    }

    [Fact]
    public void Load_NestingDeeperThanMaxDepth_IsRefusedWithItsPlace()
    {
        var bytes = AccountNestedTo(40);

        SnapshotFile.Load(bytes, "deep.json").Users.Should().HaveCount(2, "40 levels are within the default of 128");
        var act = () => SnapshotFile.Load(bytes, "deep.json", new ImportOptions { MaxDepth = 32 });

        var error = act.Should().Throw<SnapshotFormatException>().Which;
        error.Line.Should().Be(1);
        error.Column.Should().BeGreaterThan(Accounts.Minimal().ToJsonString().Length - 1, "the place is inside the nested brackets");
        error.Message.Should().Contain("ImportOptions.MaxDepth, 32");
    }

    [Fact]
    public void Load_MaxDepthRaised_ReadsDeeperInput()
    {
        var bytes = AccountNestedTo(200);

        var byDefault = () => SnapshotFile.Load(bytes, "deep.json");

        byDefault.Should().Throw<SnapshotFormatException>().Which.Message.Should().Contain("ImportOptions.MaxDepth, 128");
        SnapshotFile.Load(bytes, "deep.json", new ImportOptions { MaxDepth = 256 }).Users.Should().HaveCount(2);
    }

    [Fact]
    public async Task FolderLoad_Limits_ApplyToEveryFile()
    {
        using var folder = new TempFolder();
        File.Copy(TestFiles.CloudMapperDemo, folder.File("get-account-authorization-details.json"));
        var policy = folder.File("get-account-password-policy.json");
        File.WriteAllText(policy, """{"PasswordPolicy":{"MinimumPasswordLength":14},"Extra":""" + new string('[', 20) + new string(']', 20) + "}");

        var deep = () => new SnapshotFolderSource(folder.Path, new ImportOptions { MaxDepth = 16 }).LoadAsync();
        var large = () => new SnapshotFolderSource(folder.Path, new ImportOptions { MaxInputBytes = 10_000 }).LoadAsync();

        (await deep.Should().ThrowAsync<SnapshotFormatException>()).Which.FilePath.Should().Be(policy);
        (await large.Should().ThrowAsync<SnapshotFormatException>()).Which.FilePath.Should().EndWith("get-account-authorization-details.json", "the 18 KB dump is over a 10 KB limit");
        (await new SnapshotFolderSource(folder.Path).LoadAsync()).PasswordPolicy!.MinimumPasswordLength.Should().Be(14);
    }

    [Fact]
    public async Task CloudTrail_LogLargerThanTheLimit_KeepsEveryCompleteRecordBeforeIt()
    {
        // Records of about 1.5 KB each, 100 of them, read with a limit of 100,000 bytes: the records that end before
        // the limit are kept, not dropped with the buffer they were read into.
        var template = CloudTrailTestData.Records(CloudTrailTestData.Stratus).First(r => (string?)r["eventName"] == "CreateRole");
        var records = Enumerable.Range(0, 100).Select(i =>
        {
            var copy = template.DeepClone().AsObject();
            copy["eventID"] = $"00000000-0000-0000-0000-{i:D12}";
            return (JsonNode)copy;
        }).ToArray();
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = new JsonArray(records) }.ToJsonString());
        const long limit = 100_000;
        var before = Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = new JsonArray() }.ToJsonString()).Length - 2;
        var recordLength = CloudTrailTestData.Compact(records[0]).Length + 1;
        var complete = (int)((limit - before) / recordLength);

        var log = await CloudTrailTestData.LoadBytesAsync("big.json", bytes, new CloudTrailReaderOptions { MaxInputBytes = limit });

        bytes.Length.Should().BeGreaterThan((int)limit);
        log.Events.Should().HaveCount(complete, "every record that ends before byte {0} is kept", limit);
        log.Diagnostics.Should().Contain(d => d.Severity == CloudTrailDiagnosticSeverity.Error && d.Message.Contains("CloudTrailReaderOptions.MaxInputBytes", StringComparison.Ordinal));
        log.Statistics.Bytes.Should().Be(limit);
    }

    [Theory]
    [InlineData(15, 1024)]
    [InlineData(128, 1023)]
    public void ImportOptions_LimitsTooSmall_AreRejected(int maxDepth, long maxInputBytes)
    {
        var act = () => new ImportOptions { MaxDepth = maxDepth, MaxInputBytes = maxInputBytes };

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ImportOptions_Defaults_AreDocumentedValues()
    {
        var options = new ImportOptions();

        options.MaxDepth.Should().Be(128);
        options.MaxInputBytes.Should().Be(512L * 1024 * 1024);
    }

    [Fact]
    public async Task CloudTrail_RecordDeeperThanMaxDepth_IsSkippedWithADiagnostic()
    {
        var record = CloudTrailTestData.Records(CloudTrailTestData.Stratus).First(r => (string?)r["eventName"] == "CreateRole");
        record["requestParameters"]!["nested"] = JsonNode.Parse(new string('[', 30) + new string(']', 30));
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = new JsonArray(record.DeepClone()) }.ToJsonString());

        var byDefault = await CloudTrailTestData.LoadBytesAsync("deep.json", bytes);
        var limited = await CloudTrailTestData.LoadBytesAsync("deep.json", bytes, new CloudTrailReaderOptions { MaxDepth = 16 });

        byDefault.Events.Should().ContainSingle(e => e.EventName == "CreateRole");
        limited.Events.Should().BeEmpty();
        limited.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("depth");
    }

    [Fact]
    public async Task CloudTrail_DecompressionBomb_StopsAtMaxInputBytes()
    {
        // One real record, then 64 MiB of spaces: 64 KB once gzipped.
        var record = CloudTrailTestData.Records(CloudTrailTestData.Stratus).First(r => (string?)r["eventName"] == "CreateRole");
        var text = new StringBuilder(CloudTrailTestData.Compact(record)).Append('\n').Append(' ', 64 * 1024 * 1024).ToString();
        var bomb = CloudTrailTestData.Gzip(Encoding.UTF8.GetBytes(text));
        const long limit = 4 * 1024 * 1024;

        var log = await CloudTrailTestData.LoadBytesAsync("bomb.json.gz", bomb, new CloudTrailReaderOptions { MaxInputBytes = limit });

        bomb.Length.Should().BeLessThan(1024 * 1024);
        log.Events.Should().ContainSingle(e => e.EventName == "CreateRole", "the records before the limit are kept");
        log.Diagnostics.Should().ContainSingle(d => d.Severity == CloudTrailDiagnosticSeverity.Error)
            .Which.Message.Should().Contain("CloudTrailReaderOptions.MaxInputBytes");
        log.Statistics.Bytes.Should().BeLessThan(limit + (2 * 1024 * 1024), "reading stops within a buffer of the limit");
    }

    [Theory]
    [InlineData(15, 1024)]
    [InlineData(256, 1023)]
    public void CloudTrailReaderOptions_LimitsTooSmall_AreRejected(int maxDepth, long maxInputBytes)
    {
        var act = () => new CloudTrailReaderOptions { MaxDepth = maxDepth, MaxInputBytes = maxInputBytes };

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void CloudTrailReaderOptions_Defaults_AreDocumentedValues()
    {
        CloudTrailReaderOptions.Default.MaxDepth.Should().Be(256);
        CloudTrailReaderOptions.Default.MaxInputBytes.Should().Be(4L * 1024 * 1024 * 1024);
    }
}
