using IamSnapshot.Policies.Access;
using IamSnapshot.Sources;

namespace IamSnapshot.Tests.Policies.Access;

public class RealDataAccessTests
{
    private static string AuthzFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "realdata", "authz", name);

    [Theory]
    [InlineData("cloudmapper-demo-authz.json")]
    [InlineData("cloudsplaining-example-2023.json")]
    [InlineData("cloudsplaining-managed-policy-mismatch.json")]
    public async Task ForAll_RealAuthorizationDetails_EveryPrincipalComputed(string file)
    {
        var snapshot = await SnapshotFile.LoadAsync(AuthzFile(file));

        var all = new EffectivePermissionsCalculator(snapshot).ForAll();

        all.Should().HaveCount(snapshot.Users.Length + snapshot.Roles.Length);
        var grants = all.SelectMany(p => p.Grants()).ToList();

        // Every grant must name its source policy and a scope.
        grants.Should().NotContain(g => g.Via.Length == 0 || g.Resources.Length == 0);
        if (all.Length > 0)
        {
            grants.Should().NotBeEmpty("the principals of the real files have policies");
        }
    }

    [Fact]
    public async Task ForAll_DeprecatedAwsPolicyMissingFromSnapshot_ReportedAsUnknown()
    {
        var snapshot = await SnapshotFile.LoadAsync(AuthzFile("cloudsplaining-managed-policy-mismatch.json"));
        var missing = snapshot.Users.Cast<Model.IamPolicyHolder>().Concat(snapshot.Groups).Concat(snapshot.Roles)
            .SelectMany(h => h.AttachedPolicies).Select(a => a.PolicyArn).Where(arn => snapshot.FindPolicy(arn) is null).ToHashSet();
        missing.Should().NotBeEmpty("the fixture attaches a deprecated policy that Policies lacks");

        // The fixture has no users: add one to the group that holds the deprecated policy.
        var group = snapshot.Groups.First(g => g.AttachedPolicies.Any(a => missing.Contains(a.PolicyArn)));
        var member = new Model.IamUser { Arn = "arn:aws:iam::123456789012:user/member", Name = "member", GroupNames = [group.Name] };
        var withMember = new Model.AccountSnapshot(snapshot.Metadata, [member], snapshot.Groups, snapshot.Roles, snapshot.Policies, snapshot.InstanceProfiles);

        var permissions = new EffectivePermissionsCalculator(withMember).For(member.Arn);

        permissions.UnknownReferences.Should().Equal("arn:aws:iam::aws:policy/AWSLambdaReadOnlyAccess");
        permissions.UnconditionalActionCount.Should().Be(0);
        AccessDelta.Compute(snapshot, withMember).Should().BeEmpty("a member whose only policy is unknown gains nothing known");
    }
}
