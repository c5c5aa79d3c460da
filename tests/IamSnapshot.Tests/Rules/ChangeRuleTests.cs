using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Rules;

/// <summary>Each rule fires on a minimal risky change and stays silent on its benign twin.</summary>
public class ChangeRuleTests
{
    private static IReadOnlyList<Finding> Run(Action<JsonObject> change, Action<JsonObject>? setupBefore = null)
    {
        var before = Accounts.Minimal();
        setupBefore?.Invoke(before);
        var after = (JsonObject)before.DeepClone();
        change(after);
        return RuleEngine.Default.Analyze(SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after)));
    }

    [Fact]
    public void IAM1001_AdminPolicyAttached_Fires()
    {
        var findings = Run(a => a.Role("deployer")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"AdministratorAccess","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""")));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1001").Which.Arn.Should().EndWith("role/deployer");
    }

    [Fact]
    public void IAM1001_InlineStarStar_Fires_EvenWhenPolicyDocumentIsAbsentFromDump()
    {
        var findings = Run(a => a.User("alice")["UserPolicyList"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"x","PolicyDocument":{"Statement":{"Effect":"Allow","Action":"*:*","Resource":"*"}}}""")));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1001" && f.Message.Contains("inline policy x"));
    }

    [Fact]
    public void IAM1001_AdminWithCondition_IsSilent()
    {
        var findings = Run(a => a.User("alice")["UserPolicyList"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"x","PolicyDocument":{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}}""")));
        findings.Should().NotContain(f => f.RuleId == "IAM1001");
    }

    [Fact]
    public void IAM1001_AlreadyAdmin_IsSilent()
    {
        var findings = Run(
            a => a.Role("deployer")["Tags"] = new JsonArray(),
            b => b.Role("deployer")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"AdministratorAccess","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""")));
        findings.Should().NotContain(f => f.RuleId == "IAM1001");
    }

    [Fact]
    public void IAM1002_AddedToAdminGroup_FiresWithIAM1001()
    {
        var findings = Run(a => a.User("alice")["GroupList"]!.AsArray().Add("admins"));
        findings.Should().Contain(f => f.RuleId == "IAM1002" && f.Arn.EndsWith("user/alice"));
        findings.Should().Contain(f => f.RuleId == "IAM1001" && f.Message.Contains("group admins"));
    }

    [Fact]
    public void IAM1002_AddedToNonAdminGroup_IsSilent()
    {
        var findings = Run(a => a.User("bob")["GroupList"]!.AsArray().Add("readers"));
        findings.Should().NotContain(f => f.RuleId == "IAM1002" || f.RuleId == "IAM1001");
    }

    [Fact]
    public void IAM1003_BoundaryRemoved_Fires()
    {
        var findings = Run(a => a.User("bob").Remove("PermissionsBoundary"));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1003").Which.Subject.Should().EndWith("policy/boundary");
    }

    [Fact]
    public void IAM1003_BoundaryAdded_IsSilent()
    {
        var findings = Run(a => a.User("alice")["PermissionsBoundary"] = Accounts.Json("""{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"arn:aws:iam::111122223333:policy/boundary"}"""));
        findings.Should().NotContain(f => f.RuleId == "IAM1003");
    }

    [Fact]
    public void IAM1004_NewDefaultVersionAddsAllow_Fires()
    {
        var findings = Run(a => SetDefaultVersion(a, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"""));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1004").Which.Message.Should().Contain("iam:passrole");
    }

    [Fact]
    public void IAM1004_NewDefaultVersionCosmeticOrNarrower_IsSilent()
    {
        var findings = Run(a => SetDefaultVersion(a, """{"Statement":[{"Resource":["*"],"Action":["S3:LIST*","s3:get*"],"Effect":"Allow","Sid":"Same"}],"Version":"2012-10-17"}"""));
        findings.Should().NotContain(f => f.RuleId == "IAM1004");
    }

    [Fact]
    public void IAM1005_DenyRemoved_Fires()
    {
        var findings = Run(a => a.User("bob")["UserPolicyList"]![0]!["PolicyDocument"]!.AsObject().Statements().RemoveAt(1));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1005").Which.Message.Should().Contain("Deny s3:deleteobject");
    }

    [Fact]
    public void IAM1005_DenyReordered_IsSilent()
    {
        var findings = Run(a =>
        {
            var statements = a.User("bob")["UserPolicyList"]![0]!["PolicyDocument"]!.AsObject().Statements();
            var deny = statements[1]!;
            statements.RemoveAt(1);
            statements.Insert(0, deny);
        });
        findings.Should().BeEmpty();
    }

    [Fact]
    public void IAM2001_TrustToStar_Fires()
    {
        var findings = Run(a => a.Role("deployer")["AssumeRolePolicyDocument"]!.AsObject().Statements()[0]!["Principal"] = "*");
        findings.Should().ContainSingle(f => f.RuleId == "IAM2001");
    }

    [Fact]
    public void IAM2001_TrustToOwnRole_IsSilent()
    {
        var findings = Run(a => a.Role("deployer")["AssumeRolePolicyDocument"]!.AsObject().Statements()[0]!["Principal"] = Accounts.Json("""{"AWS":"arn:aws:iam::111122223333:role/ci"}"""));
        findings.Should().NotContain(f => f.RuleId == "IAM2001" || f.RuleId == "IAM2002");
    }

    [Fact]
    public void IAM2002_TrustToOtherAccount_Fires()
    {
        var findings = Run(a => a.Role("deployer")["AssumeRolePolicyDocument"]!.AsObject().Statements()[0]!["Principal"] = Accounts.Json("""{"AWS":["arn:aws:iam::111122223333:root","999988887777"]}"""));
        findings.Should().ContainSingle(f => f.RuleId == "IAM2002").Which.Subject.Should().Be("account:999988887777");
    }

    [Fact]
    public void IAM2002_TrustedAccountOption_Silences()
    {
        var before = Accounts.Minimal();
        var after = (JsonObject)before.DeepClone();
        after.Role("deployer")["AssumeRolePolicyDocument"]!.AsObject().Statements()[0]!["Principal"] = Accounts.Json("""{"AWS":"999988887777"}""");
        var engine = new RuleEngineBuilder().AddBuiltInRules()
            .WithOptions("IAM2002", new RuleOptions(new Dictionary<string, System.Collections.Immutable.ImmutableArray<string>> { ["trustedAccounts"] = ["999988887777"] }))
            .Build();

        engine.Analyze(SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after))).Should().NotContain(f => f.RuleId == "IAM2002");
    }

    [Fact]
    public void IAM4001_Recreated_Fires()
    {
        var findings = Run(a => a.Role("deployer")["RoleId"] = "AROANEW");
        findings.Should().ContainSingle(f => f.RuleId == "IAM4001");
    }

    [Fact]
    public void IAM4001_SameIdMetadataChange_IsSilent()
    {
        var findings = Run(a => a.Role("deployer")["Description"] = "now documented");
        findings.Should().BeEmpty();
    }

    [Fact]
    public void IAM4002_NewUser_IsInfo_AndRemovedUserIsNot()
    {
        var findings = Run(a => a["UserDetailList"]!.AsArray().Add(Accounts.Json("""{"UserName":"carol","UserId":"AIDACAROL","Arn":"arn:aws:iam::111122223333:user/carol","Path":"/"}""")));
        findings.Should().ContainSingle(f => f.RuleId == "IAM4002").Which.Severity.Should().Be(Severity.Info);

        Run(a => a["UserDetailList"]!.AsArray().RemoveAt(0)).Should().NotContain(f => f.RuleId == "IAM4002");
    }

    [Fact]
    public void Engine_ThrowingRule_YieldsEngineFindingAndOtherRulesRun()
    {
        var engine = new RuleEngineBuilder().AddBuiltInRules().AddRule(new ThrowingRule()).Build();
        var before = Accounts.Minimal();
        var after = (JsonObject)before.DeepClone();
        after.Role("deployer")["RoleId"] = "AROANEW";

        var findings = engine.Analyze(SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after)));

        findings.Should().Contain(f => f.RuleId == "IAM0001" && f.Message.Contains("IAM9999") && f.Message.Contains("boom"));
        findings.Should().Contain(f => f.RuleId == "IAM4001");
    }

    [Fact]
    public void Fingerprint_DependsOnRuleArnAndSubjectOnly()
    {
        var a = Run(x => x.User("bob").Remove("PermissionsBoundary")).Single(f => f.RuleId == "IAM1003");
        var b = Run(x =>
        {
            x.User("bob").Remove("PermissionsBoundary");
            x["UserDetailList"]!.AsArray().Add(Accounts.Json("""{"UserName":"zed","UserId":"AIDAZED","Arn":"arn:aws:iam::111122223333:user/zed"}"""));
        }).Single(f => f.RuleId == "IAM1003");

        b.Fingerprint.Should().Be(a.Fingerprint).And.MatchRegex("^[0-9a-f]{32}$");
    }

    private static void SetDefaultVersion(JsonObject account, string document)
    {
        var policy = account.Policy("app");
        policy["DefaultVersionId"] = "v2";
        policy["PolicyVersionList"]![0]!["IsDefaultVersion"] = false;
        policy["PolicyVersionList"]!.AsArray().Add(new JsonObject { ["VersionId"] = "v2", ["IsDefaultVersion"] = true, ["Document"] = Accounts.Json(document) });
    }

    private sealed class ThrowingRule : ChangeRule
    {
        public override RuleDescriptor Descriptor { get; } = new("IAM9999", "Throws", "never", RuleCategory.Inventory, RuleKind.Change, Severity.Low, "A test rule that throws.");

        public override void Analyze(ChangeRuleContext context) => throw new InvalidOperationException("boom");
    }
}
