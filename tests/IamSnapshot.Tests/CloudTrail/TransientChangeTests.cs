using System.Globalization;
using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;
using IamSnapshot.Model;
using static IamSnapshot.Tests.CloudTrail.CloudTrailTestData;
using static IamSnapshot.Tests.CloudTrail.IamEventNormalizationTests;

namespace IamSnapshot.Tests.CloudTrail;

public class TransientChangeTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string Describe(TransientChange t) =>
        $"{t.Kind} {t.Change.EntityKind} {t.Change.EntityName} {t.Change.Category} {t.Change.Subject ?? "-"} {t.Started.EventName}->{t.Ended.EventName}";

    [Fact]
    public async Task FindTransientChanges_RealInvictusSequences_FindsWhatADiffCannotSee()
    {
        var log = await LoadRealAsync(Invictus6Cic, InvictusZtun, Invictus9Sjs);

        var transient = log.FindTransientChanges();

        transient.Select(Describe).Should().Equal(
            "CreatedThenDeleted ManagedPolicy stratus-red-team-ec2lui-policy-pcccexdthk Created - CreatePolicy->DeletePolicy",
            "CreatedThenDeleted InstanceProfile stratus-red-team-usr-data-instance Created - CreateInstanceProfile->DeleteInstanceProfile",
            "CreatedThenDeleted User stratus-red-team-nmfalu-gfjyeaypjt Created - CreateUser->DeleteUser",
            "AddedThenRemoved User stratus-red-team-nmfalu-gfjyeaypjt LoginProfile - CreateLoginProfile->DeleteUser",
            "Superseded Role stratus-red-team-backdoor-r-role Trust - UpdateAssumeRolePolicy->UpdateAssumeRolePolicy",
            "CreatedThenDeleted User stratus-red-team-backdoor-u-user Created - CreateUser->DeleteUser",
            "AddedThenRemoved User stratus-red-team-backdoor-u-user AccessKey AKIAEXAMPLED4A23F44C CreateAccessKey->DeleteUser");

        // The superseded trust is the backdoor: another account's root, replaced about four minutes later.
        var trust = transient.Single(t => t.Kind == TransientChangeKind.Superseded);
        trust.Change.Document!.Statements.SelectMany(s => s.Principal!.All).Should().Contain(("AWS", "arn:aws:iam::999988887777:root"));
        trust.Duration.Should().Be(TimeSpan.FromSeconds(253));

        var user = transient.Single(t => t.Change.EntityName == "stratus-red-team-backdoor-u-user" && t.Kind == TransientChangeKind.CreatedThenDeleted);
        user.Started.Position.Source.Should().EndWith(InvictusZtun);
        user.Ended.Position.Source.Should().EndWith(Invictus9Sjs);
    }

    [Fact]
    public async Task FindTransientChanges_Window_OnlyPairsInsideIt()
    {
        var log = await LoadRealAsync(Invictus6Cic, InvictusZtun, Invictus9Sjs);

        // From 12:24:00 the nmfalu user's creation (12:23:05) is outside: its deletion is a plain change.
        var transient = log.FindTransientChanges(At("2023-07-10T12:24:00Z"), At("2023-07-10T12:29:00Z"));

        transient.Select(t => t.Change.EntityName).Should().Equal(
            "stratus-red-team-backdoor-r-role", "stratus-red-team-backdoor-u-user", "stratus-red-team-backdoor-u-user");
        log.FindTransientChanges(At("2023-07-10T12:00:00Z"), At("2023-07-10T12:07:20Z")).Should().BeEmpty();
    }

    [Fact]
    public void FindTransientChanges_RelationsAddedAndRemoved_ReportedOncePerPair()
    {
        var events = Events(
            ("12:00:00", "AttachRolePolicy", """{"roleName":"app","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}"""),
            ("12:00:10", "AddUserToGroup", """{"userName":"mallory","groupName":"admins"}"""),
            ("12:00:20", "PutUserPolicy", """{"userName":"mallory","policyName":"p","policyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}"""),
            ("12:01:00", "PutUserPolicy", """{"userName":"mallory","policyName":"p","policyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}"""),
            ("12:02:00", "DetachRolePolicy", """{"roleName":"app","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}"""),
            ("12:03:00", "RemoveUserFromGroup", """{"userName":"mallory","groupName":"admins"}"""),
            ("12:04:00", "TagUser", """{"userName":"mallory","tags":[{"key":"a","value":"1"},{"key":"b","value":"2"}]}"""),
            ("12:05:00", "UntagUser", """{"userName":"mallory","tagKeys":["a","b"]}"""),
            ("12:06:00", "SetDefaultPolicyVersion", """{"policyArn":"arn:aws:iam::111122223333:policy/shared","versionId":"v2"}"""),
            ("12:07:00", "SetDefaultPolicyVersion", """{"policyArn":"arn:aws:iam::111122223333:policy/shared","versionId":"v1"}"""));

        var transient = CloudTrailAnalysis.FindTransientChanges(events);

        transient.Select(Describe).Should().Equal(
            "AddedThenRemoved Role app AttachedPolicy arn:aws:iam::aws:policy/AdministratorAccess AttachRolePolicy->DetachRolePolicy",
            "AddedThenRemoved User mallory GroupMembership admins AddUserToGroup->RemoveUserFromGroup",
            "Superseded User mallory InlinePolicy p PutUserPolicy->PutUserPolicy",
            "AddedThenRemoved User mallory Tags a TagUser->UntagUser",
            "AddedThenRemoved User mallory Tags b TagUser->UntagUser",
            "Superseded ManagedPolicy shared DefaultPolicyVersion v2 SetDefaultPolicyVersion->SetDefaultPolicyVersion");
    }

    [Fact]
    public void FindTransientChanges_RemovalOfSomethingOlderThanTheWindow_IsNotTransient()
    {
        var events = Events(
            ("12:00:00", "DetachUserPolicy", """{"userName":"u","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}"""),
            ("12:01:00", "DeleteUser", """{"userName":"u"}"""),
            ("12:02:00", "CreateUser", """{"userName":"u"}"""));

        CloudTrailAnalysis.FindTransientChanges(events).Should().BeEmpty("a deletion then a re-creation is visible to a diff (recreated)");
    }

    [Fact]
    public void FindTransientChanges_FailedDeletion_DoesNotEndAnything()
    {
        var events = Events(
            ("12:00:00", "CreateUser", """{"userName":"u"}"""),
            ("12:01:00", "DeleteUser", """{"userName":"u"}"""));
        var failed = events[1] with { ErrorCode = "AccessDenied" };

        CloudTrailAnalysis.FindTransientChanges([events[0], failed]).Should().BeEmpty();
        CloudTrailAnalysis.FindTransientChanges(events).Should().ContainSingle().Which.Kind.Should().Be(TransientChangeKind.CreatedThenDeleted);
    }

    [Fact]
    public void FindTransientChanges_CreationTimeBoundaryOfADeletedRole_IsPartOfTheRole()
    {
        var events = Events(
            ("12:00:00", "CreateRole", """{"roleName":"r","permissionsBoundary":"arn:aws:iam::aws:policy/AWSDenyAll","assumeRolePolicyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}"}"""),
            ("12:00:30", "AttachRolePolicy", """{"roleName":"r","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}"""),
            ("12:05:00", "DeleteRole", """{"roleName":"r"}"""));

        var transient = CloudTrailAnalysis.FindTransientChanges(events);

        transient.Select(t => (t.Kind, t.Change.Category)).Should().Equal(
            (TransientChangeKind.CreatedThenDeleted, IamChangeCategory.Created),
            (TransientChangeKind.AddedThenRemoved, IamChangeCategory.AttachedPolicy));
        transient[0].Change.EntityKind.Should().Be(EntityKind.Role);
    }

    private static List<CloudTrailEvent> Events(params (string Time, string EventName, string Request)[] calls)
    {
        var records = calls.Select(call =>
        {
            var record = Derive(call.EventName, call.Request);
            record["eventTime"] = "2023-07-10T" + call.Time + "Z";
            return record;
        }).ToArray();

        var log = LoadRecordsAsync(records).GetAwaiter().GetResult();
        log.Diagnostics.Should().BeEmpty();
        return [.. log.Events];
    }
}
