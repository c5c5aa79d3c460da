using System.Globalization;
using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;
using static IamSnapshot.Tests.CloudTrail.IamEventNormalizationTests;

namespace IamSnapshot.Tests.CloudTrail;

public class ProbingTests
{
    private static readonly DateTimeOffset Start = new(2023, 7, 10, 13, 0, 0, TimeSpan.Zero);

    private static JsonObject Failure(string eventName, string errorCode, TimeSpan after, string actor = "arn:aws:iam::111122223333:user/ir-analyst")
    {
        var record = Derive(eventName, """{"userName":"victim","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""");
        record["eventTime"] = (Start + after).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        record["errorCode"] = errorCode;
        record["errorMessage"] = "User is not authorized to perform: iam:" + eventName;
        record["userIdentity"]!["arn"] = actor;
        return record;
    }

    [Fact]
    public async Task FindProbing_RepeatedAccessDeniedByOneActor_IsOneBurst()
    {
        string[] apis = ["AttachUserPolicy", "CreateAccessKey", "CreateLoginProfile", "PutUserPolicy", "AddUserToGroup", "UpdateAssumeRolePolicy"];
        var records = apis.Select((api, i) => Failure(api, i % 2 == 0 ? "AccessDenied" : "AccessDeniedException", TimeSpan.FromSeconds(40 * i))).ToList();
        records.AddRange(Enumerable.Range(0, 4).Select(i => Failure("CreateRole", "ThrottlingException", TimeSpan.FromSeconds(10 * i))));
        records.Add(Failure("DeleteUser", "AccessDenied", TimeSpan.FromMinutes(1), actor: "arn:aws:iam::111122223333:user/someone-else"));

        var log = await LoadRecordsAsync([.. records]);

        log.Events.Should().BeEmpty("failed calls are never changes");
        log.FailedEvents.Should().HaveCount(11);
        var burst = log.FindProbing().Should().ContainSingle().Subject;
        burst.Actor.Id.Should().Be("arn:aws:iam::111122223333:user/ir-analyst");
        burst.Events.Should().HaveCount(6);
        burst.Start.Should().Be(Start);
        burst.End.Should().Be(Start + TimeSpan.FromSeconds(200));
        burst.ErrorCodes.Should().Equal("AccessDenied", "AccessDeniedException");
        burst.EventNames.Should().HaveCount(6).And.NotContain("CreateRole");
    }

    [Fact]
    public async Task FindProbing_BelowThresholdOrSpreadOut_IsNothing()
    {
        var close = Enumerable.Range(0, 6).Select(i => Failure("AttachUserPolicy", "AccessDenied", TimeSpan.FromSeconds(30 * i))).ToArray();
        var spread = Enumerable.Range(0, 6).Select(i => Failure("AttachUserPolicy", "AccessDenied", TimeSpan.FromMinutes(15 * i))).ToArray();

        (await LoadRecordsAsync(close)).FindProbing(threshold: 7).Should().BeEmpty();
        (await LoadRecordsAsync(spread)).FindProbing().Should().BeEmpty();
        (await LoadRecordsAsync(spread)).FindProbing(threshold: 3, window: TimeSpan.FromMinutes(31)).Should().ContainSingle().Which.Events.Should().HaveCount(6);
    }

    [Fact]
    public async Task FindProbing_RealLogs_HaveNoBurst()
    {
        var log = await CloudTrailTestData.LoadRealAsync(CloudTrailTestData.AllFiles);

        log.FailedEvents.Should().ContainSingle();
        log.FindProbing().Should().BeEmpty();
        log.FindProbing(threshold: 2).Should().BeEmpty();
    }
}
