using IamSnapshot.Model;
using IamSnapshot.Policies.Access;
using static IamSnapshot.Tests.Policies.Access.AccessTestData;

namespace IamSnapshot.Tests.Policies.Access;

public class EffectivePermissionsTests
{
    [Fact]
    public void For_UserWithGroupAndInline_UnionWithViaNamingTheGroup()
    {
        var read = Managed("Read", Doc("""{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::logs/*"}"""));
        var user = User("alice") with { GroupNames = ["Readers"], InlinePolicies = Inline("own", Doc("""{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}""")) };
        var snapshot = Snapshot([user], policies: [read], groups: [Group("Readers", Attach(read))]);

        var perms = new EffectivePermissionsCalculator(snapshot).For(user.Arn);

        perms.IsAllowed("s3:GetObject").Should().BeTrue();
        perms.IsAllowedOnAllResources("s3:GetObject").Should().BeFalse("it is granted on logs/* only");
        perms.IsAllowedOnAllResources("sqs:SendMessage").Should().BeTrue();
        var grant = perms.Grants().Single(g => g.Action == "s3:GetObject");
        grant.Resources.Should().Equal("arn:aws:s3:::logs/*");
        grant.Via.Should().Equal(new PolicyReference(read.Arn, "Readers"));
        perms.Grants().Single(g => g.Action == "sqs:SendMessage").Via.Should().Equal(PolicyReference.Inline("own"));
        perms.UnconditionalActionCount.Should().Be(64);
    }

    [Fact]
    public void For_BoundaryAndDeny_IntersectAndSubtract()
    {
        var admin = Managed("Admin", Doc("""{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}"""));
        var boundary = Managed("Boundary", Doc("""{"Effect":"Allow","Action":["s3:*","iam:Get*"],"Resource":"*"}"""));
        var role = Role("app", Attach(admin)) with { PermissionsBoundary = new(boundary.Arn) };
        var snapshot = Snapshot(roles: [role], policies: [admin, boundary]);

        var perms = new EffectivePermissionsCalculator(snapshot).For(role.Arn);

        perms.IsAllowed("s3:GetObject").Should().BeTrue();
        perms.IsAllowed("s3:DeleteBucket").Should().BeFalse();
        perms.IsAllowed("iam:GetUser").Should().BeTrue();
        perms.IsAllowed("iam:CreateUser").Should().BeFalse();
        perms.IsAllowed("ec2:RunInstances").Should().BeFalse();
        perms.PermissionsBoundaryArn.Should().Be(boundary.Arn);
    }

    [Fact]
    public void For_ConditionalStatements_KeptAsConditionalNeverCounted()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:Delete*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}""");
        var user = User("bob") with { InlinePolicies = Inline("p", doc) };

        var perms = new EffectivePermissionsCalculator(Snapshot([user])).For(user.Arn);

        perms.IsAllowed("ec2:RunInstances").Should().BeFalse();
        perms.Grants().Single(g => g.Action == "ec2:RunInstances").Conditional.Should().BeTrue();
        perms.IsAllowed("s3:GetObject").Should().BeTrue();
        perms.IsAllowed("s3:DeleteBucket").Should().BeFalse("a conditional Deny makes the allow conditional");
        perms.Grants().Where(g => g.Action == "s3:DeleteBucket").Should().ContainSingle().Which.Conditional.Should().BeTrue();
    }

    [Fact]
    public void For_PartialDeny_BecomesNotResources()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"},{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::data/secret/*"}""");
        var user = User("carol") with { InlinePolicies = Inline("p", doc) };

        var grant = new EffectivePermissionsCalculator(Snapshot([user])).For(user.Arn).Grants().Single();

        grant.Action.Should().Be("s3:GetObject");
        grant.Resources.Should().Equal("arn:aws:s3:::data/*");
        grant.NotResources.Should().Equal("arn:aws:s3:::data/secret/*");
    }

    [Fact]
    public void For_MissingAttachedPolicyAndUnknownAction_ReportedNotCrashing()
    {
        var user = User("dave", new PolicyAttachment("arn:aws:iam::aws:policy/DeprecatedPolicy", "DeprecatedPolicy")) with
        {
            InlinePolicies = Inline("p", Doc("""{"Effect":"Allow","Action":["newsvc:*","s3:ListAllMyBuckets"],"Resource":"*"}""")),
            GroupNames = ["Ghost"],
        };

        var perms = new EffectivePermissionsCalculator(Snapshot([user])).For(user.Arn);

        perms.UnknownReferences.Should().Equal("arn:aws:iam::aws:policy/DeprecatedPolicy", "group:Ghost");
        perms.UnknownActions.Should().Equal("newsvc:*");
        perms.IsAllowed("s3:ListAllMyBuckets").Should().BeTrue();
        perms.Grants().Select(g => g.Action).Should().Equal("s3:ListAllMyBuckets", "newsvc:*");
    }

    [Fact]
    public void ForAll_RealAuthorizationDetailsShape_EveryPrincipal()
    {
        var shared = Managed("Shared", Doc("""{"Effect":"Allow","Action":"logs:*","Resource":"*"}"""));
        var snapshot = Snapshot([User("u1", Attach(shared)), User("u2")], [Role("r1", Attach(shared))], [shared]);

        var all = new EffectivePermissionsCalculator(snapshot).ForAll();

        all.Select(p => p.PrincipalArn).Should().BeInAscendingOrder(StringComparer.Ordinal).And.HaveCount(3);
        all.Single(p => p.PrincipalArn.EndsWith("user/u2", StringComparison.Ordinal)).UnconditionalActionCount.Should().Be(0);
        all.Where(p => p.UnconditionalActionCount > 0).Should().HaveCount(2);
    }
}
