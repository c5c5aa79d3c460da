using System.IO.Compression;
using Amazon.S3;
using IamSnapshot.Aws.Fakes;
using IamSnapshot.Aws.S3;
using IamSnapshot.Aws.Tests.Support;
using IamSnapshot.CloudTrail;

namespace IamSnapshot.Aws.Tests.S3;

/// <summary>Reading CloudTrail logs from S3 (the fake checks every request's SigV4 signature).</summary>
public sealed class S3CloudTrailLogSourceTests
{
    private const string Bucket = "org-trail";
    private const string Owner = "999988887777";

    private static string[] RealLogs => Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "realdata", "cloudtrail")).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The real logs in the delivery layout, gzipped as CloudTrail delivers them, one day folder each.</summary>
    private static async Task<FakeAwsServer> StartWithLogsAsync()
    {
        var server = await FakeAws.StartAsync();
        server.S3.CreateBucket(Bucket, Owner);
        var day = 10;
        foreach (var file in RealLogs)
        {
            using var gzipped = new MemoryStream();
            using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(File.ReadAllBytes(file));
            }

            server.S3.Put(Bucket, $"AWSLogs/123456789012/CloudTrail/us-east-1/2023/07/{day++}/{Path.GetFileNameWithoutExtension(file)}.json.gz", gzipped.ToArray());
        }

        server.S3.Put(Bucket, "AWSLogs/123456789012/CloudTrail/us-east-1/2023/07/.hidden", "not a log"u8.ToArray());
        server.S3.Put(Bucket, "AWSLogs/123456789012/CloudTrail/us-east-1/2023/", []);
        return server;
    }

    private static async Task<S3CloudTrailLogSource> SourceAsync(FakeAwsServer server, string location, string? owner = Owner) =>
        await S3CloudTrailLogSource.CreateAsync(location, FakeAws.Options(server), owner);

    [Fact]
    public async Task Load_DeliveryLayoutPrefix_ReadsWhatTheSameFilesGiveLocally()
    {
        await using var server = await StartWithLogsAsync();
        server.S3.MaxKeys = 2; // several listing pages

        using var source = await SourceAsync(server, $"s3://{Bucket}/AWSLogs/123456789012/CloudTrail/");
        var fromS3 = await CloudTrailReader.LoadAsync(source);
        var local = await CloudTrailReader.LoadAsync(RealLogs);

        fromS3.Events.Select(e => e.EventId).Should().Equal(local.Events.Select(e => e.EventId)).And.NotBeEmpty();
        fromS3.FailedEvents.Select(e => e.EventId).Should().Equal(local.FailedEvents.Select(e => e.EventId));
        fromS3.Statistics.LogObjects.Should().Be(RealLogs.Length, "the folder marker and the dot-file are left out");
        fromS3.Diagnostics.Should().BeEmpty();
        server.RejectedSignatures.Should().Be(0);
        server.Requests.Where(r => r.Service == "s3" && r.Action == "ListObjectsV2").Should().HaveCountGreaterThan(1);
    }

    [Fact]
    public async Task Load_PrefixWithoutTrailingSlash_IsTheFolderNotEveryKeyStartingWithIt()
    {
        await using var server = await StartWithLogsAsync();
        server.S3.Put(Bucket, "AWSLogs/1234567890123/CloudTrail/us-east-1/2023/07/10/other-account.json", """{"Records":[]}"""u8.ToArray());

        using var source = await SourceAsync(server, $"s3://{Bucket}/AWSLogs/123456789012");
        var names = new List<string>();
        await foreach (var item in source.EnumerateAsync())
        {
            names.Add(item.Name);
        }

        names.Should().HaveCount(RealLogs.Length).And.OnlyContain(n => n.StartsWith($"s3://{Bucket}/AWSLogs/123456789012/CloudTrail/", StringComparison.Ordinal));
        names.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Load_OneObject_ReadsOnlyIt()
    {
        await using var server = await StartWithLogsAsync();
        var key = $"AWSLogs/123456789012/CloudTrail/us-east-1/2023/07/10/{Path.GetFileNameWithoutExtension(RealLogs[0])}.json.gz";

        using var source = await SourceAsync(server, $"s3://{Bucket}/{key}");
        var log = await CloudTrailReader.LoadAsync(source);

        log.Statistics.LogObjects.Should().Be(1);
        log.Events.Select(e => e.EventId).Should().Equal((await CloudTrailReader.LoadAsync([RealLogs[0]])).Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task Load_LocationThatMatchesNothing_IsADiagnosticLikeAMissingFile()
    {
        await using var server = await StartWithLogsAsync();

        using var source = await SourceAsync(server, $"s3://{Bucket}/AWSLogs/000000000000");
        var log = await CloudTrailReader.LoadAsync(source);

        log.Events.Should().BeEmpty();
        var diagnostic = log.Diagnostics.Should().ContainSingle().Which;
        diagnostic.Severity.Should().Be(CloudTrailDiagnosticSeverity.Error);
        diagnostic.Position.Source.Should().Be($"s3://{Bucket}/AWSLogs/000000000000");
    }

    [Fact]
    public async Task Load_BucketOwnedBySomeoneElse_IsRefused()
    {
        await using var server = await StartWithLogsAsync();

        using var source = await SourceAsync(server, $"s3://{Bucket}/AWSLogs/", owner: "111111111111");
        var act = () => CloudTrailReader.LoadAsync(source);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("AccessDenied");
        server.Requests.Where(r => r.Service == "s3").Should().OnlyContain(r => r.Status == 403);
    }

    [Theory]
    [InlineData("https://bucket/key")]
    [InlineData("s3://UPPER/key")]
    [InlineData("s3://")]
    public async Task CreateAsync_NotAnS3Location_IsRejected(string location)
    {
        await using var server = await FakeAws.StartAsync();

        var act = () => SourceAsync(server, location);

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
