using IamSnapshot.Policies.Access;
using IamSnapshot.Policies.Catalog;
using static IamSnapshot.Tests.Policies.Access.AccessTestData;

namespace IamSnapshot.Tests.Policies.Access;

public class AccessAnalysisTests
{
    private static EffectivePermissions PermsOf(string statements)
    {
        var user = User("u") with { InlinePolicies = Inline("p", Doc(statements)) };
        return new EffectivePermissionsCalculator(Snapshot([user])).For(user.Arn);
    }

    [Fact]
    public void PrivilegeEscalationSets_EveryActionExistsInCatalog()
    {
        var sets = AccessAnalysis.PrivilegeEscalationSets;

        sets.Should().HaveCountGreaterThan(90);
        sets.Select(s => s.Id).Should().OnlyHaveUniqueItems();
        sets.Should().OnlyContain(s => s.Sources.Length > 0 && s.Description.Length > 0);
        var missing = sets.SelectMany(s => s.Actions).Where(a => !ActionCatalog.Default.Contains(a)).Distinct().ToList();
        missing.Should().BeEmpty();
    }

    [Fact]
    public void CredentialReturningActions_EveryActionExistsInCatalog()
    {
        AccessAnalysis.CredentialReturningActions.Where(a => !ActionCatalog.Default.Contains(a)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"Effect":"Allow","Action":"*","Resource":"*"}""", true)]
    [InlineData("""{"Effect":"Allow","Action":"iam:*","Resource":"*"}""", true)]
    [InlineData("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}""", false)]
    [InlineData("""{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}""", false)]
    [InlineData("""{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}""", false)]
    [InlineData("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}""", false)]
    public void IsAdminEquivalent_Policies_AsDefined(string statements, bool expected)
    {
        AccessAnalysis.IsAdminEquivalent(PermsOf(statements)).Should().Be(expected);
    }

    [Fact]
    public void SatisfiedEscalationSets_PassRoleAndLambda_FindsTheLambdaPaths()
    {
        var perms = PermsOf("""{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}""");

        var ids = AccessAnalysis.SatisfiedEscalationSets(perms).Select(s => string.Join('+', s.Actions)).ToList();

        ids.Should().Equal("iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction");
    }

    [Fact]
    public void AllowedCredentialActionsAndLevel_ReadOnlyPolicy_None()
    {
        var readOnly = PermsOf("""{"Effect":"Allow","Action":["s3:Get*","iam:Get*"],"Resource":"*"}""");
        var keys = PermsOf("""{"Effect":"Allow","Action":["iam:CreateAccessKey","iam:PutUserPolicy"],"Resource":"*"}""");

        AccessAnalysis.AllowedCredentialActions(readOnly).Should().BeEmpty();
        AccessAnalysis.AllowedCredentialActions(keys).Should().Equal("iam:CreateAccessKey");
        AccessAnalysis.AllowedActionsAtLevel(keys, AccessLevel.PermissionsManagement).Should().Equal("iam:PutUserPolicy");
        AccessAnalysis.AllowedActionsAtLevel(readOnly, AccessLevel.PermissionsManagement).Should().BeEmpty();
    }
}
