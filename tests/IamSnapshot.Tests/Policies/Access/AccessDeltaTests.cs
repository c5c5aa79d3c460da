using IamSnapshot.Policies.Access;
using IamSnapshot.Policies.Catalog;
using static IamSnapshot.Tests.Policies.Access.AccessTestData;

namespace IamSnapshot.Tests.Policies.Access;

public class AccessDeltaTests
{
    [Fact]
    public void Compute_S3GetToS3Star_Gains117ActionsWithPinnedCatalog()
    {
        var before = Managed("P", Doc("""{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}"""));
        var after = Managed("P", Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}"""));
        var user = User("alice", Attach(before));

        var delta = AccessDelta.Compute(Snapshot([user], policies: [before]), Snapshot([user], policies: [after]));

        var entry = delta.Should().ContainSingle().Subject;
        entry.Arn.Should().Be(user.Arn);
        entry.GainedCount.Should().Be(117);
        entry.Gained.Should().HaveCount(117).And.OnlyContain(g => g.Action.StartsWith("s3:", StringComparison.Ordinal) && !g.Conditional);
        entry.Gained.Should().NotContain(g => g.Action.StartsWith("s3:Get", StringComparison.OrdinalIgnoreCase));
        entry.Gained[0].Via.Should().Equal(new PolicyReference(after.Arn));
        entry.Lost.Should().BeEmpty();
        entry.Summary.GainedByLevel.Should().BeEquivalentTo(new Dictionary<AccessLevel, int>
        {
            [AccessLevel.Write] = 57,
            [AccessLevel.PermissionsManagement] = 27,
            [AccessLevel.List] = 18,
            [AccessLevel.Tagging] = 12,
            [AccessLevel.Read] = 3,
        });
        entry.Summary.GainedByService.Should().Equal(new Dictionary<string, int> { ["s3"] = 117 });
    }

    [Fact]
    public void Compute_UnchangedSnapshot_Empty()
    {
        var p = Managed("P", Doc("""{"Effect":"Allow","Action":"*","Resource":"*"}"""));
        var snapshot = Snapshot([User("a", Attach(p))], [Role("r", Attach(p))], [p]);

        AccessDelta.Compute(snapshot, snapshot).Should().BeEmpty();
    }

    [Fact]
    public void Compute_NewAdminRole_AllActionsWithCount()
    {
        var admin = Managed("Admin", Doc("""{"Effect":"Allow","Action":"*","Resource":"*"}"""));
        var role = Role("new-admin", Attach(admin));

        var entry = AccessDelta.Compute(Snapshot(policies: [admin]), Snapshot(roles: [role], policies: [admin])).Single();

        entry.ExistsBefore.Should().BeFalse();
        entry.AllActionsGained.Should().BeTrue();
        entry.GainedCount.Should().Be(ActionCatalog.Default.ActionCount);
        entry.Gained.Should().BeEmpty("everything is reported as a count, not 22,000 items");
        entry.Summary.GainedByService.Values.Sum().Should().Be(ActionCatalog.Default.ActionCount);
    }

    [Fact]
    public void Compute_DeletedUserAndRemovedBoundaryAndGroupMembership_ShowAsAccess()
    {
        var read = Managed("Read", Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"""));
        var admin = Managed("Admin", Doc("""{"Effect":"Allow","Action":"*","Resource":"*"}"""));
        var boundary = Managed("B", Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}"""));
        var gone = User("gone", Attach(read));
        var bounded = Role("bounded", Attach(admin)) with { PermissionsBoundary = new(boundary.Arn) };
        var joiner = User("joiner");
        var group = Group("Admins", Attach(admin));
        var before = Snapshot([gone, joiner], [bounded], [read, admin, boundary], [group]);
        var after = Snapshot([joiner with { GroupNames = ["Admins"] }], [bounded with { PermissionsBoundary = null }], [read, admin, boundary], [group]);

        var delta = AccessDelta.Compute(before, after).ToDictionary(d => d.Arn);

        delta[gone.Arn].ExistsAfter.Should().BeFalse();
        delta[gone.Arn].Lost.Select(g => g.Action).Should().Equal("s3:GetObject");
        delta[bounded.Arn].GainedCount.Should().Be(ActionCatalog.Default.ActionCount - 180, "everything outside s3 is new");
        delta[joiner.Arn].AllActionsGained.Should().BeTrue();
    }

    [Fact]
    public void Compute_AllowNarrowedToResource_LostOnStarGainedOnPattern()
    {
        var p1 = Managed("P", Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"""));
        var p2 = Managed("P", Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"}"""));
        var user = User("u", Attach(p1));

        var widen = AccessDelta.Compute(Snapshot([user], policies: [p2]), Snapshot([user], policies: [p1])).Single();
        var narrow = AccessDelta.Compute(Snapshot([user], policies: [p1]), Snapshot([user], policies: [p2])).Single();

        widen.Gained.Single().Resources.Should().Equal("*");
        widen.Lost.Should().BeEmpty("s3:GetObject on * covers logs/*");
        narrow.Lost.Single().Resources.Should().Equal("*");
        narrow.Gained.Should().BeEmpty();
    }

    [Fact]
    public void Compute_DenyAddedWithCondition_LosesUnconditionalGainsConditional()
    {
        var p1 = Managed("P", Doc("""{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*"}"""));
        var p2 = Managed("P", Doc("""{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*"},{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}"""));
        var role = Role("r", Attach(p1));

        var entry = AccessDelta.Compute(Snapshot(roles: [role], policies: [p1]), Snapshot(roles: [role], policies: [p2])).Single();

        entry.Lost.Single().Should().Match<ActionGrant>(g => g.Action == "ec2:TerminateInstances" && !g.Conditional);
        entry.Gained.Should().BeEmpty("a conditional grant is covered by the unconditional one before");
    }

    [Fact]
    public void Compute_ResultIsSerialisable()
    {
        var p1 = Managed("P", Doc("""{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}"""));
        var delta = AccessDelta.Compute(Snapshot(policies: [p1]), Snapshot([User("u", Attach(p1))], policies: [p1]));

        var json = System.Text.Json.JsonSerializer.Serialize(delta);

        json.Should().Contain("\"Action\":\"sqs:SendMessage\"").And.Contain("\"GainedByLevel\":{\"Write\":1}");
    }
}
