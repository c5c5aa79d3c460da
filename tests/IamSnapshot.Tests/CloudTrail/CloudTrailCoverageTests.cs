using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;
using static IamSnapshot.Tests.CloudTrail.CloudTrailTestData;

namespace IamSnapshot.Tests.CloudTrail;

public class CloudTrailCoverageTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Coverage_RealLogs_StartAndEndPerAccountAndRegionFromEveryRecord()
    {
        var log = await LoadRealAsync(AllFiles);

        var expected = AllRecords()
            .GroupBy(r => ((string)r["recipientAccountId"]!, (string)r["awsRegion"]!))
            .Select(g => (g.Key.Item1, g.Key.Item2, g.Min(r => At((string)r["eventTime"]!)), g.Max(r => At((string)r["eventTime"]!)), (long)g.Count()))
            .OrderBy(x => x.Item1, StringComparer.Ordinal)
            .ToList();
        log.Coverage.Ranges.Select(r => (r.AccountId, r.Region, r.First, r.Last, r.RecordCount)).Should().Equal(expected);

        var invictus = log.Coverage.Ranges[0];
        invictus.First.Should().Be(At("2023-07-10T12:02:54Z"));
        invictus.Last.Should().Be(At("2023-07-10T12:29:48Z"));
        invictus.IamRecordCount.Should().Be(42 + 13 + 27);
        invictus.Gaps.Should().BeEmpty();
        log.Coverage.First.Should().Be(At("2023-07-10T12:02:54Z"));
        log.Coverage.Last.Should().Be(At("2024-08-01T13:37:41Z"));
    }

    [Fact]
    public async Task FindIamRange_UsesUsEast1_OrTheRegionWithIamRecordsWhenRegionsAreAnonymised()
    {
        var log = await LoadRealAsync(AllFiles);

        log.Coverage.FindIamRange("111122223333")!.Region.Should().Be("us-east-1");
        log.Coverage.FindIamRange("555544443333")!.Region.Should().Be("sagov-west-2r");
        log.Coverage.FindIamRange("000000000000").Should().BeNull();
    }

    [Fact]
    public async Task FindIamRange_PrefersTheGlobalRegionOverOtherRegionsWithIamRecords()
    {
        var records = Records(InvictusZtun).Select(r => (JsonObject)r.DeepClone()).ToList();
        foreach (var record in records.Where(r => (string?)r["eventSource"] != "iam.amazonaws.com").Take(10))
        {
            record["awsRegion"] = "eu-west-1";
        }

        var log = await LoadBytesAsync("regions.json", Encoding.UTF8.GetBytes(Compact(new JsonObject { ["Records"] = new JsonArray([.. records]) })));

        log.Coverage.Ranges.Select(r => r.Region).Should().Equal("eu-west-1", "us-east-1");
        log.Coverage.Ranges[0].RecordCount.Should().Be(10);
        log.Coverage.FindIamRange("111122223333")!.Region.Should().Be("us-east-1");
    }

    [Theory]
    [InlineData("2023-07-10T12:05:00Z", "2023-07-10T12:25:00Z", 0)]
    [InlineData("2023-07-10T11:50:00Z", "2023-07-10T12:40:00Z", 0)]
    [InlineData("2023-07-10T11:00:00Z", "2023-07-10T12:25:00Z", 1)]
    [InlineData("2023-07-10T12:05:00Z", "2023-07-10T14:00:00Z", 1)]
    [InlineData("2023-07-09T00:00:00Z", "2023-07-11T00:00:00Z", 2)]
    public async Task FindUncoveredIamTime_WindowBeyondTheLogs_GivesTheUncoveredParts(string from, string to, int parts)
    {
        var log = await LoadRealAsync(Invictus6Cic, Invictus9Sjs, InvictusZtun);

        var uncovered = log.Coverage.FindUncoveredIamTime("111122223333", At(from), At(to));

        uncovered.Should().HaveCount(parts);
        if (At(from) < At("2023-07-10T11:47:54Z"))
        {
            uncovered[0].Should().Be(new CloudTrailTimeRange(At(from), At("2023-07-10T12:02:54Z")));
        }

        if (At(to) > At("2023-07-10T12:44:48Z"))
        {
            uncovered[^1].Should().Be(new CloudTrailTimeRange(At("2023-07-10T12:29:48Z"), At(to)));
        }
    }

    [Fact]
    public async Task FindUncoveredIamTime_AccountNotInTheLogs_IsTheWholeWindow()
    {
        var log = await LoadRealAsync(Stratus);

        log.Coverage.FindUncoveredIamTime("111122223333", At("2024-08-01T00:00:00Z"), At("2024-08-02T00:00:00Z"))
            .Should().Equal(new CloudTrailTimeRange(At("2024-08-01T00:00:00Z"), At("2024-08-02T00:00:00Z")));
    }

    [Fact]
    public async Task Coverage_HoursWithoutRecords_AreReportedAsGaps()
    {
        var template = Records(InvictusZtun)[0];
        string[] times = ["2023-07-10T10:00:00Z", "2023-07-10T10:59:59Z", "2023-07-10T14:30:00Z", "2023-07-10T15:10:00Z", "2023-07-10T17:00:00Z"];
        var lines = times.Select(t =>
        {
            var record = (JsonObject)template.DeepClone();
            record["eventTime"] = t;
            return Compact(record);
        });

        var log = await LoadBytesAsync("gaps.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", lines)));

        log.Coverage.Ranges.Single().Gaps.Should().Equal(
            new CloudTrailTimeRange(At("2023-07-10T11:00:00Z"), At("2023-07-10T14:00:00Z")),
            new CloudTrailTimeRange(At("2023-07-10T16:00:00Z"), At("2023-07-10T17:00:00Z")));
    }

    [Fact]
    public async Task Coverage_RecordWithoutEventTime_IsReportedNotCounted()
    {
        var record = (JsonObject)Records(Stratus)[0].DeepClone();
        record["eventTime"] = "yesterday";

        var log = await LoadBytesAsync("bad-time.json", Encoding.UTF8.GetBytes(Compact(new JsonArray(record, Records(Stratus)[1].DeepClone()))));

        log.Coverage.Ranges.Single().RecordCount.Should().Be(1);
        log.Diagnostics.Should().ContainSingle().Which.Should().Match<CloudTrailDiagnostic>(d => d.Message.Contains("'yesterday'") && d.Position.RecordIndex == 0);
        log.Events.Should().ContainSingle().Which.EventName.Should().Be("CreateRole");
    }
}
