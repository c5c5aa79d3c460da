using System.Globalization;
using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;
using IamSnapshot.Model;
using static IamSnapshot.Tests.CloudTrail.CloudTrailTestData;
using static IamSnapshot.Tests.CloudTrail.IamEventNormalizationTests;

namespace IamSnapshot.Tests.CloudTrail;

public class AttributionTests
{
    private const string BackdoorRole = "arn:aws:iam::111122223333:role/stratus-red-team-backdoor-r-role";
    private const string MaliciousUser = "arn:aws:iam::111122223333:user/malicious-iam-user";
    private const string AdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Explain_AddedUserWithAdminPolicy_GivesCreationAttachmentAndActorDetails()
    {
        var log = await LoadRealAsync(AllFiles);

        var created = log.Explain(new AttributionQuery(MaliciousUser, EntityKind.User, IamChangeCategory.Created)).Should().ContainSingle().Subject;
        var attached = log.Explain(new AttributionQuery(MaliciousUser, EntityKind.User, IamChangeCategory.AttachedPolicy) { Subject = AdministratorAccess })
            .Should().ContainSingle().Subject;

        created.Event.EventName.Should().Be("CreateUser");
        attached.Event.EventName.Should().Be("AttachUserPolicy");
        attached.Event.Actor.Arn.Should().Be("arn:aws:iam::111122223333:user/ir-analyst");
        attached.Event.Actor.AccessKeyId.Should().Be("AKIAEXAMPLEA2F3C344D");
        attached.Event.SourceIpAddress.Should().Be("192.168.10.20");
        attached.Event.UserAgent.Should().StartWith("stratus-red-team_");
        attached.Event.EventId.Should().Be("f4923a37-92d5-4dfd-9786-6caef2b5f33c");
        attached.IsAwsServiceChange.Should().BeFalse();

        log.Explain(new AttributionQuery(MaliciousUser, EntityKind.User, IamChangeCategory.AttachedPolicy) { Subject = "arn:aws:iam::aws:policy/ReadOnlyAccess" })
            .Should().BeEmpty();
    }

    [Fact]
    public async Task Explain_TrustChange_WindowAndGraceSelectTheEvents()
    {
        var log = await LoadRealAsync(AllFiles);
        var query = new AttributionQuery(BackdoorRole, EntityKind.Role, IamChangeCategory.Trust);

        log.Explain(query).Select(m => m.Event.EventTime).Should().Equal(At("2023-07-10T12:24:11Z"), At("2023-07-10T12:28:24Z"));
        log.Explain(query with { From = At("2023-07-10T12:20:00Z"), To = At("2023-07-10T12:26:00Z"), Grace = TimeSpan.Zero })
            .Should().ContainSingle().Which.Change.Document!.Statements.Should().HaveCount(2);

        // Capture times of two snapshots that straddle nothing but are within the default 15-minute grace.
        log.Explain(query with { From = At("2023-07-10T11:00:00Z"), To = At("2023-07-10T12:10:00Z") })
            .Should().ContainSingle().Which.Event.EventTime.Should().Be(At("2023-07-10T12:24:11Z"));
        log.Explain(query with { From = At("2023-07-10T11:00:00Z"), To = At("2023-07-10T12:10:00Z"), Grace = TimeSpan.FromMinutes(5) })
            .Should().BeEmpty();
    }

    [Fact]
    public async Task Explain_IgnoresPathAndCaseOfTheEntityArn()
    {
        var log = await LoadRealAsync(InvictusZtun);

        log.Explain(new AttributionQuery("arn:aws:iam::111122223333:role/some/path/STRATUS-RED-TEAM-BACKDOOR-R-ROLE", EntityKind.Role, IamChangeCategory.AttachedPolicy) { Subject = AdministratorAccess })
            .Should().ContainSingle().Which.Event.EventName.Should().Be("AttachRolePolicy");
        log.Explain(new AttributionQuery("arn:aws:iam::999999999999:role/stratus-red-team-backdoor-r-role", EntityKind.Role, IamChangeCategory.AttachedPolicy))
            .Should().BeEmpty("another account's role of the same name is another role");
        log.Explain(new AttributionQuery(BackdoorRole, EntityKind.User, IamChangeCategory.AttachedPolicy))
            .Should().BeEmpty("a user is not a role");
    }

    [Fact]
    public async Task Explain_RecreatedAndDeleted_MatchDeletionAndCreation()
    {
        var log = await LoadRealAsync(InvictusZtun, Invictus9Sjs);
        const string user = "arn:aws:iam::111122223333:user/stratus-red-team-nmfalu-gfjyeaypjt";

        log.Explain(new AttributionQuery(user, EntityKind.User, IamChangeCategory.Recreated)).Select(m => m.Event.EventName).Should().Equal("CreateUser", "DeleteUser");
        log.Explain(new AttributionQuery(user, EntityKind.User, IamChangeCategory.Deleted)).Should().ContainSingle().Which.Event.EventTime.Should().Be(At("2023-07-10T12:28:34Z"));
        log.Explain(new AttributionQuery(user, EntityKind.User, IamChangeCategory.LoginProfile)).Should().ContainSingle().Which.Change.Operation.Should().Be(IamChangeOperation.Added);
    }

    [Fact]
    public async Task Explain_PolicySide_FindsTheAttachmentFromTheManagedPolicy()
    {
        var log = await LoadRealAsync(AllFiles);

        var matches = log.Explain(new AttributionQuery(AdministratorAccess, EntityKind.ManagedPolicy, IamChangeCategory.AttachedPolicy));

        matches.Select(m => m.Change.Subject).Should().Equal(
            BackdoorRole, MaliciousUser, "arn:aws:iam::555544443333:role/stratus-red-team-malicious-iam-role");
    }

    [Fact]
    public async Task Explain_AccessKeyAndStratusBoundary_BySubject()
    {
        var log = await LoadRealAsync(AllFiles);

        log.Explain(new AttributionQuery(MaliciousUser, EntityKind.User, IamChangeCategory.AccessKey) { Subject = "AKIAEXAMPLE2255CBF45" })
            .Should().ContainSingle().Which.Event.EventName.Should().Be("CreateAccessKey");
        log.Explain(new AttributionQuery("arn:aws:iam::555544443333:role/stratus-red-team-malicious-iam-role", EntityKind.Role, IamChangeCategory.PermissionsBoundary))
            .Should().ContainSingle().Which.Change.Subject.Should().Be("arn:aws:iam::aws:policy/AWSDenyAll");
    }

    [Fact]
    public async Task Explain_GroupMembership_SubjectAsGroupNameOrArn()
    {
        var log = await LoadRecordsAsync(Derive("AddUserToGroup", """{"userName":"mallory","groupName":"Admins"}"""));
        var user = "arn:aws:iam::111122223333:user/mallory";

        log.Explain(new AttributionQuery(user, EntityKind.User, IamChangeCategory.GroupMembership) { Subject = "admins" }).Should().ContainSingle();
        log.Explain(new AttributionQuery(user, EntityKind.User, IamChangeCategory.GroupMembership) { Subject = "arn:aws:iam::111122223333:group/ops/Admins" }).Should().ContainSingle();
        log.Explain(new AttributionQuery(user, EntityKind.User, IamChangeCategory.GroupMembership) { Subject = "developers" }).Should().BeEmpty();
        log.Explain(new AttributionQuery("arn:aws:iam::111122223333:group/Admins", EntityKind.Group, IamChangeCategory.GroupMembership) { Subject = user })
            .Should().ContainSingle().Which.Change.Subject.Should().Be("mallory");
    }

    [Fact]
    public async Task Explain_IdentityCenterProvisioning_IsMarkedAsAnAwsChange()
    {
        var record = Derive("CreateRole", """{"roleName":"AWSReservedSSO_ReadOnly_0123456789abcdef","path":"/aws-reserved/sso.amazonaws.com/","assumeRolePolicyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:saml-provider/AWSSSO_0123_DO_NOT_DELETE\"},\"Action\":\"sts:AssumeRoleWithSAML\"}]}"}""");
        record["userIdentity"] = JsonNode.Parse("""
            {"type":"AssumedRole","principalId":"AROAEXAMPLESSO:AWS-SSO","arn":"arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSSO/AWS-SSO","accountId":"111122223333",
             "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO","accountId":"111122223333","userName":"AWSServiceRoleForSSO"}},
             "invokedBy":"sso.amazonaws.com"}
            """);
        record["sourceIPAddress"] = "sso.amazonaws.com";
        var log = await LoadRecordsAsync(record);

        var match = log.Explain(new AttributionQuery("arn:aws:iam::111122223333:role/AWSReservedSSO_ReadOnly_0123456789abcdef", EntityKind.Role, IamChangeCategory.Created))
            .Should().ContainSingle().Subject;

        match.IsAwsServiceChange.Should().BeTrue();
        match.Origin.Should().Be(EventOrigin.AwsService);
        match.Event.Actor.SessionName.Should().Be("AWS-SSO");
        match.Change.EntityArn.Should().Be("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef");
    }

    [Fact]
    public async Task Explain_RenamedUser_ExplainsTheNewUserAsCreatedAndTheOldAsDeleted()
    {
        var log = await LoadRecordsAsync(Derive("UpdateUser", """{"userName":"old-name","newUserName":"new-name"}"""));

        log.Explain(new AttributionQuery("arn:aws:iam::111122223333:user/new-name", EntityKind.User, IamChangeCategory.Created)).Should().ContainSingle();
        log.Explain(new AttributionQuery("arn:aws:iam::111122223333:user/old-name", EntityKind.User, IamChangeCategory.Deleted)).Should().ContainSingle();
        log.Explain(new AttributionQuery("arn:aws:iam::111122223333:user/old-name", EntityKind.User, IamChangeCategory.Created)).Should().BeEmpty();
    }

    [Fact]
    public async Task Explain_AccountLevelChange_MatchesAnyArnOfTheAccount()
    {
        var log = await LoadRecordsAsync(Derive("UpdateAccountPasswordPolicy", """{"minimumPasswordLength":6}"""));

        log.Explain(new AttributionQuery("arn:aws:iam::111122223333:root", EntityKind.Account, IamChangeCategory.PasswordPolicy)).Should().ContainSingle();
        log.Explain(new AttributionQuery("arn:aws:iam::444455556666:root", EntityKind.Account, IamChangeCategory.PasswordPolicy)).Should().BeEmpty();
    }

    [Fact]
    public async Task FromEvents_BuildsALogThatExplainsTheSameWay()
    {
        var loaded = await LoadRealAsync(AllFiles);

        var rebuilt = CloudTrailLog.FromEvents(loaded.Events.Reverse().Concat(loaded.FailedEvents).Concat(loaded.Events));

        rebuilt.Events.Should().Equal(loaded.Events);
        rebuilt.FailedEvents.Should().Equal(loaded.FailedEvents);
        rebuilt.Statistics.DuplicateEvents.Should().Be(loaded.Events.Length);
        rebuilt.Explain(new AttributionQuery(BackdoorRole, EntityKind.Role, IamChangeCategory.Trust)).Should().HaveCount(2);
    }

    [Fact]
    public void AttributionQuery_InvalidArguments_Throw()
    {
        var empty = () => new AttributionQuery("", EntityKind.Role, IamChangeCategory.Trust);
        var grace = () => new AttributionQuery(BackdoorRole, EntityKind.Role, IamChangeCategory.Trust) { Grace = TimeSpan.FromMinutes(-1) };
        var category = () => new AttributionQuery(BackdoorRole, EntityKind.Role, (IamChangeCategory)99);

        empty.Should().Throw<ArgumentException>();
        grace.Should().Throw<ArgumentOutOfRangeException>();
        category.Should().Throw<ArgumentOutOfRangeException>();
    }
}
