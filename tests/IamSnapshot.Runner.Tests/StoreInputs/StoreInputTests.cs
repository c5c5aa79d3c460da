using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using IamSnapshot.Aws;
using IamSnapshot.Aws.Fakes;
using IamSnapshot.Aws.Stores;
using IamSnapshot.CloudTrail;
using IamSnapshot.Runner.Commands;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Tests.StoreInputs;

/// <summary>
/// diff --store, s3:// snapshots for diff and history, and s3:// CloudTrail logs, against the fake S3 (which checks
/// every request's SigV4 signature). Shares the capture tests' collection: both set credentials in the environment.
/// </summary>
[Collection(nameof(CaptureCommandTests))]
public sealed class StoreInputTests : IDisposable
{
    private const string Account = "444455556666";
    private const string Bucket = "audit-snapshots";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iamsnapshot-inputs-" + Guid.NewGuid().ToString("N"));

    public StoreInputTests()
    {
        Directory.CreateDirectory(_folder);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_folder, "no-config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_folder, "no-credentials"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", FakeAwsServer.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", FakeAwsServer.SecretAccessKey);
    }

    private static string History(string name) => RunnerHarness.TestData("history", name);

    private static readonly (string File, DateTimeOffset At)[] Snapshots =
    [
        ("2026-11-15.json", new(2026, 11, 15, 6, 0, 0, TimeSpan.Zero)),
        ("2026-11-22.json", new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero)),
        ("2026-12-01.json", new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero)),
        ("2026-12-08.json", new(2026, 12, 8, 6, 0, 0, TimeSpan.Zero)),
    ];

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Diff_LocalStore_ComparesTheTwoNewestSnapshotsOfTheAccount()
    {
        var store = new LocalSnapshotStore(Path.Combine(_folder, "store"));
        foreach (var (file, at) in Snapshots.Take(3))
        {
            await store.SaveAsync(Account, at, (stream, ct) => stream.WriteAsync(File.ReadAllBytes(History(file)), ct).AsTask());
        }

        var (code, output, error) = await RunnerHarness.RunAsync("diff", "--store", Path.Combine(_folder, "store"), "--account", Account, "--format", "json", "--fail-on", "none");
        var (_, direct, _) = await RunnerHarness.RunAsync("diff", History("2026-11-22.json"), History("2026-12-01.json"), "--format", "json", "--fail-on", "none");

        code.Should().Be(0, error);
        using var fromStore = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(direct);
        Section(fromStore, "changes").Should().Be(Section(expected, "changes")).And.NotBe("[]");
        Section(fromStore, "findings").Should().Be(Section(expected, "findings"));
        fromStore.RootElement.GetProperty("before").GetProperty("file").GetString().Should().EndWith(Path.Combine(Account, "2026", "11", "22", "060000Z.json"));
        fromStore.RootElement.GetProperty("after").GetProperty("file").GetString().Should().EndWith(Path.Combine(Account, "2026", "12", "01", "060000Z.json"));
    }

    [Fact]
    public async Task Diff_S3Store_ComparesTheTwoNewestSnapshotsOfTheAccount()
    {
        await using var server = await StartAsync();
        foreach (var (file, at) in Snapshots.Take(3))
        {
            server.S3.Put(Bucket, "iam/" + SnapshotKeys.For(Account, at), File.ReadAllBytes(History(file)));
        }

        var (code, output, error) = await RunS3Async(server, "diff", "--store", $"s3://{Bucket}/iam", "--account", Account, "--format", "json", "--fail-on", "none");
        var (_, direct, _) = await RunnerHarness.RunAsync("diff", History("2026-11-22.json"), History("2026-12-01.json"), "--format", "json", "--fail-on", "none");

        code.Should().Be(0, error);
        using var fromStore = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(direct);
        Section(fromStore, "changes").Should().Be(Section(expected, "changes"));
        Section(fromStore, "findings").Should().Be(Section(expected, "findings"));
        fromStore.RootElement.GetProperty("before").GetProperty("file").GetString().Should().Be($"s3://{Bucket}/iam/{Account}/2026/11/22/060000Z.json");
        server.RejectedSignatures.Should().Be(0);
    }

    [Fact]
    public async Task Diff_S3Objects_AreLoadedAsBeforeAndAfter()
    {
        await using var server = await StartAsync();
        server.S3.Put(Bucket, "manual/before.json", File.ReadAllBytes(RunnerHarness.Sample("before.json")));
        server.S3.Put(Bucket, "manual/after.json", File.ReadAllBytes(RunnerHarness.Sample("after.json")));

        var (code, output, error) = await RunS3Async(server, "diff", $"s3://{Bucket}/manual/before.json", $"s3://{Bucket}/manual/after.json", "--format", "json", "--fail-on", "none");
        var (_, direct, _) = await RunnerHarness.RunAsync("diff", RunnerHarness.Sample("before.json"), RunnerHarness.Sample("after.json"), "--format", "json", "--fail-on", "none");

        code.Should().Be(0, error);
        using var fromS3 = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(direct);
        Section(fromS3, "findings").Should().Be(Section(expected, "findings")).And.NotBe("[]");
    }

    [Theory]
    [InlineData("diff", "--store", "dir", "--account", Account, "a.json", "b.json")]
    [InlineData("diff", "--store", "dir")]
    [InlineData("diff", "--store", "dir", "--account", "12345")]
    [InlineData("diff", "--account", Account, "a.json", "b.json")]
    [InlineData("diff")]
    [InlineData("diff", "a.json")]
    [InlineData("diff", "s3://Bad_Bucket/x.json", "b.json")]
    [InlineData("diff", "a.json", "b.json", "--expected-bucket-owner", "nope")]
    public async Task Diff_InvalidInputCombination_ExitsTwoWithAMessage(params string[] args)
    {
        var (code, _, error) = await RunnerHarness.RunAsync(args);

        code.Should().Be(2);
        error.Should().StartWith("error: ");
    }

    [Fact]
    public async Task Diff_StoreWithOneSnapshot_ExitsTwoSayingWhy()
    {
        var store = new LocalSnapshotStore(Path.Combine(_folder, "store"));
        await store.SaveAsync(Account, Snapshots[0].At, (stream, ct) => stream.WriteAsync(File.ReadAllBytes(History(Snapshots[0].File)), ct).AsTask());

        var (code, _, error) = await RunnerHarness.RunAsync("diff", "--store", Path.Combine(_folder, "store"), "--account", Account);

        code.Should().Be(2);
        error.Should().Contain($"1 snapshot(s) of account {Account}").And.Contain("needs two");
    }

    [Fact]
    public async Task Diff_S3ObjectMissing_ExitsTwo_AndBucketOfAnotherOwner_ExitsThree()
    {
        await using var server = await StartAsync();
        server.S3.Put(Bucket, "a.json", File.ReadAllBytes(RunnerHarness.Sample("before.json")));

        var missing = await RunS3Async(server, "diff", $"s3://{Bucket}/a.json", $"s3://{Bucket}/nope.json");
        var foreign = await RunS3Async(server, "diff", $"s3://{Bucket}/a.json", $"s3://{Bucket}/a.json", "--expected-bucket-owner", "111111111111");

        missing.ExitCode.Should().Be(2);
        missing.Error.Should().Contain($"s3://{Bucket}/nope.json: no such object");
        foreign.ExitCode.Should().Be(3);
        foreign.Error.Should().Contain("AccessDenied");
    }

    [Fact]
    public async Task History_S3StorePrefix_GivesTheSameTimelineAsTheFolder()
    {
        await using var server = await StartAsync();
        foreach (var (file, at) in Snapshots)
        {
            server.S3.Put(Bucket, "iam/" + SnapshotKeys.For(Account, at), File.ReadAllBytes(History(file)));
        }

        server.S3.Put(Bucket, "iam/" + SnapshotKeys.Latest(Account), "not json"u8.ToArray());
        server.S3.MaxKeys = 2;

        var (code, output, error) = await RunS3Async(server, "history", $"s3://{Bucket}/iam/{Account}/", "--format", "json", "--fail-on", "none");
        var (_, local, _) = await RunnerHarness.RunAsync("history", RunnerHarness.TestData("history"), "--format", "json", "--fail-on", "none");

        code.Should().Be(0, error);
        using var fromS3 = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(local);
        var steps = fromS3.RootElement.GetProperty("steps").EnumerateArray().ToList();
        steps.Select(s => s.GetProperty("step").GetString()).Should().Equal(
            "2026/11/15/060000Z.json -> 2026/11/22/060000Z.json", "2026/11/22/060000Z.json -> 2026/12/01/060000Z.json", "2026/12/01/060000Z.json -> 2026/12/08/060000Z.json");
        var expectedSteps = expected.RootElement.GetProperty("steps").EnumerateArray().ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            steps[i].GetProperty("changes").GetRawText().Should().Be(expectedSteps[i].GetProperty("changes").GetRawText());
            RuleIds(steps[i]).Should().Equal(RuleIds(expectedSteps[i]));
        }
    }

    [Fact]
    public async Task CloudTrailSource_LocalFileAndS3Prefix_AreReadInTheOrderGiven()
    {
        await using var server = await StartAsync();
        var logs = Directory.GetFiles(RunnerHarness.TestData("realdata", "cloudtrail")).Order(StringComparer.Ordinal).ToArray();
        foreach (var file in logs.Skip(1))
        {
            server.S3.Put(Bucket, "AWSLogs/123456789012/CloudTrail/us-east-1/2023/07/10/" + Path.GetFileName(file), File.ReadAllBytes(file));
        }

        using var session = Session(server);
        var source = await session.CloudTrailAsync([logs[0], $"s3://{Bucket}/AWSLogs/123456789012/"], CancellationToken.None);
        var read = await CloudTrailReader.LoadAsync(source);
        var expected = await CloudTrailReader.LoadAsync(logs);

        read.Statistics.LogObjects.Should().Be(logs.Length);
        read.Events.Select(e => e.EventId).Should().Equal(expected.Events.Select(e => e.EventId)).And.NotBeEmpty();
    }

    [Fact]
    public async Task Diff_CloudTrailFromS3_AttributesLikeTheLocalFolder()
    {
        await using var server = await StartAsync();
        foreach (var file in Directory.GetFiles(RunnerHarness.TestData("realdata", "cloudtrail")))
        {
            server.S3.Put(Bucket, "AWSLogs/111122223333/CloudTrail/us-east-1/2023/07/10/" + Path.GetFileName(file) + ".gz", Gzip(File.ReadAllBytes(file)));
        }

        var before = Path.Combine(_folder, "before.json");
        var after = Path.Combine(_folder, "after.json");
        await SnapshotFile.SaveAsync(SnapshotFile.Load(Encoding.UTF8.GetBytes(CloudTrailUsers("ir-analyst")), "b", new ImportOptions { CapturedAt = DateTimeOffset.Parse("2023-07-10T12:05:00Z", CultureInfo.InvariantCulture) }), before);
        await SnapshotFile.SaveAsync(SnapshotFile.Load(Encoding.UTF8.GetBytes(CloudTrailUsers("ir-analyst", "malicious-iam-user")), "a", new ImportOptions { CapturedAt = DateTimeOffset.Parse("2023-07-10T12:29:30Z", CultureInfo.InvariantCulture) }), after);

        var (code, output, error) = await RunS3Async(server, "diff", before, after, "--cloudtrail", $"s3://{Bucket}/AWSLogs/111122223333/", "--format", "json", "--fail-on", "none");
        var (_, local, _) = await RunnerHarness.RunAsync("diff", before, after, "--cloudtrail", RunnerHarness.TestData("realdata", "cloudtrail"), "--format", "json", "--fail-on", "none");

        code.Should().Be(0, error);
        using var fromS3 = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(local);
        var change = fromS3.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("arn").GetString()!.EndsWith("malicious-iam-user", StringComparison.Ordinal));
        change.GetProperty("events").EnumerateArray().Should().Contain(e => e.GetProperty("eventName").GetString() == "CreateUser");
        Section(fromS3, "changes").Should().Be(Section(expected, "changes"));
        Section(fromS3, "findings").Should().Be(Section(expected, "findings"));
    }

    [Fact]
    public async Task CloudTrailSource_BucketOfAnotherOwner_FailsTheRun()
    {
        await using var server = await StartAsync();
        server.S3.Put(Bucket, "AWSLogs/x.json", """{"Records":[]}"""u8.ToArray());

        using var session = Session(server, expectedOwner: "111111111111");
        var source = await session.CloudTrailAsync([$"s3://{Bucket}/AWSLogs/"], CancellationToken.None);
        var act = () => CloudTrailReader.LoadAsync(source);

        (await act.Should().ThrowAsync<RunFailedException>()).Which.Message.Should().Contain($"s3://{Bucket}/AWSLogs/").And.Contain("AccessDenied");
    }

    private static string CloudTrailUsers(params string[] names) =>
        "{\"UserDetailList\": [" + string.Join(",", names.Select(n => $$"""{"UserName": "{{n}}", "UserId": "AIDA{{n.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal)}}", "Arn": "arn:aws:iam::111122223333:user/{{n}}", "Path": "/"}""")) + "], \"GroupDetailList\": [], \"RoleDetailList\": [], \"Policies\": []}";

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static string Section(JsonDocument report, string name) => report.RootElement.GetProperty(name).GetRawText();

    private static List<string?> RuleIds(JsonElement step) => step.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();

    private static InputSession Session(FakeAwsServer server, string? expectedOwner = null) =>
        new(new AwsCaptureOptions { EndpointUrl = server.BaseUrl, Region = "us-east-1" }, expectedOwner, store: null, account: null);

    private static Task<(int ExitCode, string Out, string Error)> RunS3Async(FakeAwsServer server, params string[] args) =>
        RunnerHarness.RunAsync([.. args, "--endpoint-url", server.BaseUrl.ToString(), "--region", "us-east-1"]);

    private static async Task<FakeAwsServer> StartAsync()
    {
        var server = await FakeAwsServer.StartAsync(FakeAccount.FromFile(Account, RunnerHarness.TestData("realdata", "authz", "cloudmapper-demo-authz.json")), policy: null);
        server.S3.CreateBucket(Bucket, Account);
        return server;
    }
}
