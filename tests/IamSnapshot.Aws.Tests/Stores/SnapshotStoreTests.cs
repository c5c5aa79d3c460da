using System.Text;
using Amazon.Runtime;
using IamSnapshot.Aws.Fakes;
using IamSnapshot.Aws.Stores;
using IamSnapshot.Aws.Tests.Support;

namespace IamSnapshot.Aws.Tests.Stores;

public sealed class SnapshotStoreTests : IDisposable
{
    private const string Account = "111122223333";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "iamsnapshot-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task LocalStore_Save_WritesTheLayoutAndMovesLatest()
    {
        var store = new LocalSnapshotStore(_root);

        var stored = await store.SaveAsync(Account, new DateTimeOffset(2026, 12, 3, 19, 19, 16, TimeSpan.FromHours(2)), Bytes("one"));

        stored.Key.Should().Be($"{Account}/2026/12/03/171916Z.json");
        File.ReadAllText(Path.Combine(_root, Account, "2026", "12", "03", "171916Z.json")).Should().Be("one");
        File.ReadAllText(Path.Combine(_root, Account, "latest")).Trim().Should().Be(stored.Key);
        (await store.GetLatestAsync(Account)).Should().Be(stored);
        Directory.EnumerateFiles(_root, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task LocalStore_ListNewest_ReturnsTheTwoNewestAcrossYearAndMonthFolders()
    {
        var store = new LocalSnapshotStore(_root);
        foreach (var at in Times())
        {
            await store.SaveAsync(Account, at, Bytes(at.ToString("O")));
        }

        Directory.CreateDirectory(Path.Combine(_root, Account, "notes"));
        File.WriteAllText(Path.Combine(_root, Account, "2026", "01", "01", "readme.txt"), "not a snapshot");

        var newest = await store.ListNewestAsync(Account, 2);

        (await store.GetLatestAsync(Account))!.CapturedAt.Should().Be(newest[0].CapturedAt, "saving an older capture last does not move latest back");
        newest.Select(s => s.CapturedAt).Should().Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Encoding.UTF8.GetString(await store.ReadAsync(newest[1])).Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToString("O"));
        (await store.ListNewestAsync("999999999999", 2)).Should().BeEmpty();
    }

    [Fact]
    public async Task LocalStore_AccountIdThatIsNotTwelveDigits_IsRejected()
    {
        var store = new LocalSnapshotStore(_root);

        var act = () => store.SaveAsync("../../etc", DateTimeOffset.UtcNow, Bytes("x"));

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*12-digit*");
    }

    [Fact]
    public async Task S3Store_Save_SendsEncryptionAndExpectedOwnerAndListsNewestAcrossPages()
    {
        await using var server = await FakeAws.StartAsync();
        server.S3.CreateBucket("audit-snapshots", "999988887777");
        server.S3.MaxKeys = 1;
        var options = new S3SnapshotStoreOptions { Bucket = "audit-snapshots", Prefix = "iam/prod", ServerSideEncryption = "aws:kms", KmsKeyId = "alias/audit", ExpectedBucketOwner = "999988887777" };
        using var store = await S3SnapshotStore.CreateAsync(options, FakeAws.Options(server));

        foreach (var at in Times())
        {
            await store.SaveAsync(Account, at, Bytes(at.ToString("O")));
        }

        var objects = server.S3.Objects("audit-snapshots");
        objects.Keys.Should().Contain($"iam/prod/{Account}/2026/01/01/000001Z.json").And.Contain($"iam/prod/{Account}/latest");
        objects.Values.Should().OnlyContain(o => o.ServerSideEncryption == "aws:kms" && o.KmsKeyId == "alias/audit");
        var newest = await store.ListNewestAsync(Account, 2);
        newest.Select(s => s.Key).Should().Equal($"{Account}/2026/01/01/000001Z.json", $"{Account}/2026/01/01/000000Z.json");
        newest[0].Location.Should().Be($"s3://audit-snapshots/iam/prod/{Account}/2026/01/01/000001Z.json");
        (await store.GetLatestAsync(Account))!.Key.Should().Be($"{Account}/2026/01/01/000001Z.json");
        Encoding.UTF8.GetString(await store.ReadAsync(newest[0])).Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero).ToString("O"));
        server.RejectedSignatures.Should().Be(0);
    }

    [Fact]
    public async Task S3Store_BucketOwnedByAnotherAccount_IsRefused()
    {
        await using var server = await FakeAws.StartAsync();
        server.S3.CreateBucket("audit-snapshots", "555555555555");
        var options = new S3SnapshotStoreOptions { Bucket = "audit-snapshots", ExpectedBucketOwner = "999988887777" };
        using var store = await S3SnapshotStore.CreateAsync(options, FakeAws.Options(server));

        var act = () => store.SaveAsync(Account, DateTimeOffset.UtcNow, Bytes("x"));

        (await act.Should().ThrowAsync<Amazon.S3.AmazonS3Exception>()).Which.ErrorCode.Should().Be("AccessDenied");
        server.S3.Objects("audit-snapshots").Should().BeEmpty();
    }

    [Fact]
    public async Task S3Store_SavedLiveSnapshot_LoadsBackEqual()
    {
        await using var server = await FakeAws.StartAsync("cloudmapper-demo-authz.json");
        server.S3.CreateBucket("audit-snapshots", FakeAws.CallerAccountId);
        using var store = await S3SnapshotStore.CreateAsync(S3SnapshotStoreOptions.Parse("s3://audit-snapshots/daily"), FakeAws.Options(server));
        var captured = await new AwsIamSnapshotSource(FakeAws.Options(server)).LoadAsync();

        var stored = await store.SaveAsync(captured);
        var loaded = await store.LoadAsync(stored);

        stored.AccountId.Should().Be(FakeAws.CallerAccountId);
        IamSnapshot.Sources.SnapshotFile.ToBytes(loaded).Should().Equal(IamSnapshot.Sources.SnapshotFile.ToBytes(captured));
    }

    [Theory]
    [InlineData("s3://", "*not an S3 location*")]
    [InlineData("s3://Bad_Bucket/x", "*not an S3 bucket name*")]
    [InlineData("https://bucket/x", "*not an S3 location*")]
    public void S3Options_Parse_InvalidLocation_Throws(string url, string message)
    {
        var act = () => S3SnapshotStoreOptions.Parse(url);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void S3Options_KmsKeyWithoutKms_ListsEveryProblem()
    {
        var options = new S3SnapshotStoreOptions { Bucket = "ok-bucket", KmsKeyId = "alias/x", ExpectedBucketOwner = "12" };

        var act = options.Validate;

        act.Should().Throw<ArgumentException>().WithMessage("*KmsKeyId needs*").WithMessage("*ExpectedBucketOwner '12'*");
    }

    private static IEnumerable<DateTimeOffset> Times() =>
    [
        new(2024, 12, 31, 23, 59, 59, TimeSpan.Zero),
        new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
        new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new(2026, 1, 1, 0, 0, 1, TimeSpan.Zero),
        new(2025, 12, 31, 23, 0, 0, TimeSpan.Zero),
    ];

    private static Func<Stream, CancellationToken, Task> Bytes(string text) => (stream, ct) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask();
}
