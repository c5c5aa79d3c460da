using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Rules;

/// <summary>Each rule fires on a minimal risky change and stays silent on its benign twin.</summary>
public class ChangeRuleTests
{
    private static IReadOnlyList<Finding> Run(Action<JsonObject> change, Action<JsonObject>? setupBefore = null) =>
        RuleHarness.Analyze(change, setupBefore);

    [Fact]
    public void IAM1018_AdminPolicyAttached_Fires()
    {
        var findings = Run(a => a.Role("deployer")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"AdministratorAccess","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""")));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1018").Which.Arn.Should().EndWith("role/deployer");
    }

    [Fact]
    public void IAM1018_InlineStarStar_Fires()
    {
        var findings = Run(a => a.User("alice")["UserPolicyList"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"x","PolicyDocument":{"Statement":{"Effect":"Allow","Action":"*:*","Resource":"*"}}}""")));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1018" && f.Message.Contains("inline policy x"));
    }

    [Fact]
    public void IAM1018_AdminWithCondition_IsSilent()
    {
        var findings = Run(a => a.User("alice")["UserPolicyList"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"x","PolicyDocument":{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}}""")));
        findings.Should().NotContain(f => f.RuleId == "IAM1018");
    }

    [Fact]
    public void IAM1018_AlreadyAdmin_IsSilent()
    {
        var findings = Run(
            a => a.Role("deployer")["Tags"] = new JsonArray(),
            b => b.Role("deployer")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"AdministratorAccess","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""")));
        findings.Should().NotContain(f => f.RuleId == "IAM1018");
    }

    [Fact]
    public void IAM1002_AddedToAdminGroup_FiresWithIAM1018()
    {
        var findings = Run(a => a.User("alice")["GroupList"]!.AsArray().Add("admins"));
        findings.Should().Contain(f => f.RuleId == "IAM1002" && f.Arn.EndsWith("user/alice"));
        findings.Should().Contain(f => f.RuleId == "IAM1018" && f.Message.Contains("group admins"));
    }

    [Fact]
    public void IAM1002_AddedToNonAdminGroup_IsSilent()
    {
        var findings = Run(a => a.User("bob")["GroupList"]!.AsArray().Add("readers"));
        findings.Should().NotContain(f => f.RuleId == "IAM1002" || f.RuleId == "IAM1018");
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
        findings.Should().ContainSingle(f => f.RuleId == "IAM1004").Which.Message.Should().Contain("Allow iam:PassRole on *");
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
        findings.Should().ContainSingle(f => f.RuleId == "IAM1005").Which.Message.Should().Contain("Deny s3:DeleteObject on *");
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

public class AccessRuleTests
{
    private static IReadOnlyList<Finding> Run(Action<JsonObject> change, Action<JsonObject>? setupBefore = null) =>
        RuleHarness.Analyze(change, setupBefore);

    private static void Inline(JsonObject account, string user, string statement) =>
        account.User(user)["UserPolicyList"] = new JsonArray(new JsonObject { ["PolicyName"] = "granted", ["PolicyDocument"] = Accounts.Json($$"""{"Version":"2012-10-17","Statement":[{{statement}}]}""") });

    [Fact]
    public void IAM1001_IsDeprecatedByIAM1018_AndNeverRuns()
    {
        RuleEngine.Default.Descriptors.Single(d => d.Id == "IAM1001").DeprecatedBy.Should().Be("IAM1018");
        RuleEngine.Default.EffectiveSeverity("IAM1001").Should().BeNull();
    }

    [Fact]
    public void IAM1018_IamStarIsAdminEquivalent_ButNotUnderABoundary()
    {
        Run(a => Inline(a, "alice", """{"Effect":"Allow","Action":"iam:*","Resource":"*"}""")).Should().ContainSingle(f => f.RuleId == "IAM1018");

        // bob has a boundary that allows only s3:*: iam:* is cut away.
        Run(a => Inline(a, "bob", """{"Effect":"Allow","Action":"iam:*","Resource":"*"}""")).Should().NotContain(f => f.RuleId == "IAM1018");
    }

    [Fact]
    public void IAM1018_BoundaryRemovedFromAdminInlinePolicy_Fires()
    {
        Run(a => a.User("bob").Remove("PermissionsBoundary"), b => Inline(b, "bob", """{"Effect":"Allow","Action":"*","Resource":"*"}"""))
            .Should().ContainSingle(f => f.RuleId == "IAM1018" && f.Arn.EndsWith("user/bob"));
    }

    [Fact]
    public void IAM1018_DenyRemoved_Fires()
    {
        const string allow = """{"Effect":"Allow","Action":"*","Resource":"*"}""";
        Run(a => Inline(a, "alice", allow), b => Inline(b, "alice", allow + """,{"Effect":"Deny","Action":"iam:*","Resource":"*"}"""))
            .Should().ContainSingle(f => f.RuleId == "IAM1018");
    }

    [Fact]
    public void IAM1019_CreatePolicyVersionGained_Fires_AdminIsNotDoubleReported()
    {
        Run(a => Inline(a, "alice", """{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*"}""")).Should().ContainSingle(f => f.RuleId == "IAM1019");
        Run(a => Inline(a, "alice", """{"Effect":"Allow","Action":"*","Resource":"*"}""")).Should().NotContain(f => f.RuleId == "IAM1019");
        Run(a => Inline(a, "alice", """{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"""))
            .Should().NotContain(f => f.RuleId == "IAM1019", "conditional grants are never counted as unconditional allows");
    }

    [Fact]
    public void IAM1020_And_IAM1021_GainedActions()
    {
        var findings = Run(a => Inline(a, "alice", """{"Effect":"Allow","Action":["s3:PutBucketPolicy","iam:CreateAccessKey"],"Resource":"*"}"""));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1020").Which.Message.Should().Contain("s3:PutBucketPolicy");
        findings.Should().ContainSingle(f => f.RuleId == "IAM1021").Which.Message.Should().Contain("iam:CreateAccessKey");
        Run(a => Inline(a, "alice", """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""")).Should().NotContain(f => f.RuleId == "IAM1020" || f.RuleId == "IAM1021");
    }

    [Fact]
    public void AccessDelta_SharedPolicyNewVersion_ShowsForEveryHolder()
    {
        var before = Accounts.Minimal();
        var after = (JsonObject)before.DeepClone();
        var policy = after.Policy("app");
        policy["DefaultVersionId"] = "v2";
        policy["PolicyVersionList"]![0]!["IsDefaultVersion"] = false;
        policy["PolicyVersionList"]!.AsArray().Add(new JsonObject { ["VersionId"] = "v2", ["IsDefaultVersion"] = true, ["Document"] = Accounts.Json("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""") });

        var diff = SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after));

        var delta = diff.AccessDelta.Should().ContainSingle().Which;
        delta.Arn.Should().EndWith("role/deployer");
        delta.GainedCount.Should().Be(99, "s3:Get* to s3:* adds 117 actions with iam-data 0.21.202609261, of which the 18 List ones were already held through s3:List*");
    }
}
