using IamSnapshot.CloudTrail;
using IamSnapshot.Model;
using static IamSnapshot.Tests.CloudTrail.CloudTrailTestData;

namespace IamSnapshot.Tests.CloudTrail;

public class RealLogTests
{
    [Theory]
    [InlineData(Invictus6Cic, 246, 42, 10, 0)]
    [InlineData(Invictus9Sjs, 84, 13, 3, 1)]
    [InlineData(InvictusZtun, 68, 27, 12, 0)]
    [InlineData(Stratus, 2, 2, 2, 0)]
    public async Task LoadAsync_RealFile_CountsRecordsAndIamWrites(string file, int records, int iamRecords, int successfulWrites, int failedWrites)
    {
        var log = await LoadRealAsync(file);

        log.Diagnostics.Should().BeEmpty();
        log.Statistics.Records.Should().Be(records);
        log.Statistics.IamRecords.Should().Be(iamRecords);
        log.Events.Should().HaveCount(successfulWrites);
        log.FailedEvents.Should().HaveCount(failedWrites);

        // Independent count from the file with the BCL: IAM records whose readOnly is false.
        var expected = Records(file).Count(r => (string?)r["eventSource"] == "iam.amazonaws.com" && r["readOnly"]?.GetValue<bool>() == false);
        (log.Events.Length + log.FailedEvents.Length).Should().Be(expected);
    }

    [Fact]
    public async Task LoadAsync_AllRealFiles_SortsByTimeAcrossFilesAndOutOfOrderRecords()
    {
        var log = await LoadRealAsync(AllFiles);

        log.Events.Select(e => e.EventTime).Should().BeInAscendingOrder();

        // 6CIC records DeletePolicy (12:08:01) before DeleteRolePolicy (12:08:00).
        var names = log.Events.Select(e => e.EventName).ToList();
        names.IndexOf("DeleteRolePolicy").Should().BeLessThan(names.IndexOf("DeletePolicy"));
    }
}
