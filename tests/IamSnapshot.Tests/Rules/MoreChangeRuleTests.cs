using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Rules;

public class MoreChangeRuleTests
{
    private static IReadOnlyList<Finding> Run(Action<JsonObject> change, Action<JsonObject>? setupBefore = null) =>
        RuleHarness.Analyze(change, setupBefore);

    private static JsonObject Statement0(JsonObject account) =>
        account.User("bob")["UserPolicyList"]![0]!["PolicyDocument"]!.AsObject().Statements()[0]!.AsObject();

    private static void TrustStatement(JsonObject account, string statement) =>
        account.Role("deployer")["AssumeRolePolicyDocument"] = Accounts.Json($$"""{"Version":"2012-10-17","Statement":[{{statement}}]}""");

    [Fact]
    public void IAM1015_PowerUserAttached_Fires_ReadOnlySilent()
    {
        Run(a => a.Role("deployer")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"PowerUserAccess","PolicyArn":"arn:aws:iam::aws:policy/PowerUserAccess"}""")))
            .Should().ContainSingle(f => f.RuleId == "IAM1015");
        Run(a => a.Role("deployer")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"ReadOnlyAccess","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}""")))
            .Should().NotContain(f => f.RuleId == "IAM1015");
    }

    [Fact]
    public void IAM1016_ResourceWidenedToStar_Fires_NarrowedSilent()
    {
        Run(a => Statement0(a)["Resource"] = "*").Should().ContainSingle(f => f.RuleId == "IAM1016").Which.Message.Should().Contain("now applies to every resource");
        Run(a => Statement0(a)["Resource"] = "arn:aws:s3:::logs/2024/*").Should().NotContain(f => f.RuleId == "IAM1016");
    }

    [Fact]
    public void IAM1016_ConditionRemoved_Fires()
    {
        Run(a => Statement0(a).Remove("Condition"), b => Statement0(b)["Condition"] = Accounts.Json("""{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"""))
            .Should().ContainSingle(f => f.RuleId == "IAM1016").Which.Message.Should().Contain("aws:MultiFactorAuthPresent");
        Run(a => Statement0(a)["Condition"] = Accounts.Json("""{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"""))
            .Should().NotContain(f => f.RuleId == "IAM1016");
    }

    [Fact]
    public void IAM1017_BoundaryReplacedByWider_Fires_RemovalIsIAM1003Instead()
    {
        Run(a => a.User("bob")["PermissionsBoundary"]!["PermissionsBoundaryArn"] = "arn:aws:iam::111122223333:policy/app")
            .Should().ContainSingle(f => f.RuleId == "IAM1017");
        Run(a => a.User("bob").Remove("PermissionsBoundary")).Should().NotContain(f => f.RuleId == "IAM1017");
    }

    [Fact]
    public void IAM2009_NewOidcProvider_Fires_SameProviderSilent()
    {
        const string github = """{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:org/app:ref:refs/heads/main"}}}""";
        Run(a => TrustStatement(a, github)).Should().ContainSingle(f => f.RuleId == "IAM2009");
        Run(a => a.Role("deployer")["Tags"] = new JsonArray(), b => TrustStatement(b, github)).Should().NotContain(f => f.RuleId == "IAM2009");
    }

    [Fact]
    public void IAM2010_ExternalIdDropped_Fires_PrincipalDroppedSilent()
    {
        const string guarded = """{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"vendor-123"}}}""";
        const string open = """{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}""";
        Run(a => TrustStatement(a, open), b => TrustStatement(b, guarded)).Should().ContainSingle(f => f.RuleId == "IAM2010").Which.Message.Should().Contain("sts:externalid");
        Run(a => TrustStatement(a, """{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}"""), b => TrustStatement(b, guarded))
            .Should().NotContain(f => f.RuleId == "IAM2010");
    }

    [Fact]
    public void IAM2011_AdminRoleGainsEc2Trust_Fires_NonAdminSilent()
    {
        const string ec2 = """{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}""";
        Run(a => TrustStatement(a, ec2), b => b.Role("deployer")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"AdministratorAccess","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""")))
            .Should().ContainSingle(f => f.RuleId == "IAM2011");
        Run(a => TrustStatement(a, ec2)).Should().NotContain(f => f.RuleId == "IAM2011");
    }

    [Fact]
    public void IAM4012_AbacTagChanged_Fires_OnlyWhenPoliciesUseTheTag()
    {
        static void UseTag(JsonObject account) => Statement0(account)["Condition"] = Accounts.Json("""{"StringEquals":{"aws:PrincipalTag/team":"platform"}}""");
        Run(a => a.Role("deployer")["Tags"] = Accounts.Json("""[{"Key":"team","Value":"security"}]"""), UseTag)
            .Should().ContainSingle(f => f.RuleId == "IAM4012");
        Run(a => a.Role("deployer")["Tags"] = Accounts.Json("""[{"Key":"team","Value":"security"}]"""))
            .Should().NotContain(f => f.RuleId == "IAM4012");
    }
}
