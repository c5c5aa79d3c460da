using System.Text.Json.Nodes;
using IamSnapshot.Rules;
using IamSnapshot.Rules.Configuration;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Rules;

/// <summary>Each posture rule: fires on a minimal risky account, silent on its benign twin.</summary>
public class PostureRuleTests
{
    private static readonly RuleEngine Strict = new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(RuleConfiguration.Parse("""{"preset":"strict"}""", "strict")).Build();

    private static IReadOnlyList<Finding> Scan(Action<JsonObject> change, string? capturedAt = "2024-12-01T00:00:00Z")
    {
        var account = Accounts.Minimal();
        change(account);
        var snapshot = SnapshotFile.Load(System.Text.Encoding.UTF8.GetBytes(account.ToJsonString()), "t.json", new ImportOptions { CapturedAt = capturedAt is null ? null : DateTimeOffset.Parse(capturedAt) });
        return Strict.Scan(snapshot);
    }

    private static void Inline(JsonObject account, string statementJson) =>
        account.Role("deployer")["RolePolicyList"]!.AsArray().Add(new JsonObject { ["PolicyName"] = "p", ["PolicyDocument"] = Accounts.Json($$"""{"Version":"2012-10-17","Statement":[{{statementJson}}]}""") });

    private static void Trust(JsonObject account, string statementJson) =>
        account.Role("deployer")["AssumeRolePolicyDocument"] = Accounts.Json($$"""{"Version":"2012-10-17","Statement":[{{statementJson}}]}""");

    public static TheoryData<string, string, string> Cases => new()
    {
        // rule, risky statement, benign twin
        { "IAM1006", """{"Effect":"Allow","Action":"*","Resource":"*"}""", """{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}""" },
        { "IAM1007", """{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""", """{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}""" },
        { "IAM1008", """{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"}""", """{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::public/*"}""" },
        { "IAM1009", """{"Effect":"Allow","Action":"kms:*","Resource":"*"}""", """{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}""" },
        { "IAM1010", """{"Effect":"Allow","Action":"iam:Pass*","Resource":"*"}""", """{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app"}""" },
        { "IAM1011", """{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}""", """{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/app"}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StatementRule_FiresOnRisky_SilentOnTwin(string rule, string risky, string benign)
    {
        Scan(a => Inline(a, risky)).Should().Contain(f => f.RuleId == rule && f.Arn.EndsWith("role/deployer"));
        Scan(a => Inline(a, benign)).Should().NotContain(f => f.RuleId == rule);
    }

    public static TheoryData<string, string, string> TrustCases => new()
    {
        { "IAM2003", """{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}""", """{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}""" },
        { "IAM2004", """{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}""", """{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x1"}}}""" },
        { "IAM2005", """{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}""", """{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:org/app:ref:refs/heads/main"}}}""" },
        { "IAM2006", """{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"sts:AssumeRole"}""", """{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"sts:AssumeRole"}""" },
        { "IAM2008", """{"Effect":"Allow","Principal":{"Service":"config.amazonaws.com"},"Action":"sts:AssumeRole"}""", """{"Effect":"Allow","Principal":{"Service":"config.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}""" },
    };

    [Theory]
    [MemberData(nameof(TrustCases))]
    public void TrustRule_FiresOnRisky_SilentOnTwin(string rule, string risky, string benign)
    {
        Scan(a => Trust(a, risky)).Should().Contain(f => f.RuleId == rule);
        Scan(a => Trust(a, benign)).Should().NotContain(f => f.RuleId == rule);
    }

    [Fact]
    public void IAM2005_SubMatchingAnyRepository_Fires()
    {
        Scan(a => Trust(a, """{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}}"""))
            .Should().Contain(f => f.RuleId == "IAM2005" && f.Message.Contains("any repository"));
    }

    [Fact]
    public void IAM2007_AdminRoleTrustedByEc2_Fires_NonAdminTwinSilent()
    {
        const string ec2 = """{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}""";
        Scan(a => { Trust(a, ec2); Inline(a, """{"Effect":"Allow","Action":"*","Resource":"*"}"""); }).Should().Contain(f => f.RuleId == "IAM2007");
        Scan(a => Trust(a, ec2)).Should().NotContain(f => f.RuleId == "IAM2007");
    }

    [Fact]
    public void IAM1012_AdministratorAccessAttached_Fires_OtherPolicySilent()
    {
        Scan(a => a.User("bob")["AttachedManagedPolicies"]!.AsArray().Add(Accounts.Json("""{"PolicyName":"AdministratorAccess","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""")))
            .Should().Contain(f => f.RuleId == "IAM1012" && f.Arn.EndsWith("user/bob"));
        Scan(_ => { }).Should().Contain(f => f.RuleId == "IAM1012" && f.Arn.EndsWith("group/admins")).And.NotContain(f => f.RuleId == "IAM1012" && f.Arn.EndsWith("group/readers"));
    }

    [Fact]
    public async Task IAM1013_DeprecatedPolicy_FoundInRealMismatchDump()
    {
        var findings = Strict.Scan(await SnapshotFile.LoadAsync(TestFiles.ManagedPolicyMismatch));
        findings.Should().ContainSingle(f => f.RuleId == "IAM1013").Which.Message.Should().Contain("AWSLambdaReadOnlyAccess");
        Scan(_ => { }).Should().NotContain(f => f.RuleId == "IAM1013");
    }

    [Fact]
    public void IAM1014_DormantBroaderVersion_Fires_NarrowerSilent()
    {
        static void AddVersion(JsonObject a, string statement) => a.Policy("app")["PolicyVersionList"]!.AsArray().Add(new JsonObject
        {
            ["VersionId"] = "v2", ["IsDefaultVersion"] = false,
            ["Document"] = Accounts.Json($$"""{"Version":"2012-10-17","Statement":[{{statement}}]}"""),
        });

        Scan(a => AddVersion(a, """{"Effect":"Allow","Action":"*","Resource":"*"}""")).Should().Contain(f => f.RuleId == "IAM1014" && f.Subject == "v2");
        Scan(a => AddVersion(a, """{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}""")).Should().NotContain(f => f.RuleId == "IAM1014");
    }

    [Fact]
    public void IAM4006_And_IAM4007_DirectAndInlinePolicies()
    {
        var findings = Scan(_ => { });
        findings.Should().Contain(f => f.RuleId == "IAM4006" && f.Arn.EndsWith("user/bob"));
        findings.Should().NotContain(f => f.RuleId == "IAM4006" && f.Arn.EndsWith("user/alice"));
        findings.Should().Contain(f => f.RuleId == "IAM4007" && f.Subject == "guard");
    }

    [Fact]
    public void IAM4008_UnusedRole_JudgedAgainstCaptureTimeNotWallClock()
    {
        Scan(_ => { }, capturedAt: "2024-12-01T00:00:00Z").Should().Contain(f => f.RuleId == "IAM4008" && f.Message.Contains("183 days"));
        Scan(_ => { }, capturedAt: "2024-07-01T00:00:00Z").Should().NotContain(f => f.RuleId == "IAM4008");
        Scan(_ => { }, capturedAt: null).Should().NotContain(f => f.RuleId == "IAM4008");
    }

    [Fact]
    public void IAM4009_IAM4010_IAM4011_Inventory()
    {
        var findings = Scan(a => a["GroupDetailList"]!.AsArray().Add(Accounts.Json("""{"GroupName":"empty","GroupId":"AGPAE","Arn":"arn:aws:iam::111122223333:group/empty"}""")));
        findings.Should().Contain(f => f.RuleId == "IAM4009" && f.Arn.EndsWith("group/empty"));
        findings.Should().NotContain(f => f.RuleId == "IAM4009" && f.Arn.EndsWith("group/readers"));
        findings.Should().NotContain(f => f.RuleId == "IAM4010", "every customer policy is attached or a boundary");
        Scan(a => a.Role("deployer")["AttachedManagedPolicies"] = new JsonArray()).Should().Contain(f => f.RuleId == "IAM4010" && f.Arn.EndsWith("policy/app"));
        findings.Should().Contain(f => f.RuleId == "IAM4011" && f.Arn.EndsWith("user/bob")).And.NotContain(f => f.RuleId == "IAM4011" && f.Arn.EndsWith("user/alice"));
    }

    [Fact]
    public async Task RealAccounts_ScanWithoutEngineFailures()
    {
        foreach (var file in TestFiles.AllAuthz)
        {
            Strict.Scan(await SnapshotFile.LoadAsync(file)).Should().NotContain(f => f.RuleId == "IAM0001");
        }
    }
}

public class EscalationPostureTests
{
    [Fact]
    public async Task IAM1022_CloudsplainingLab_FindsThePrivescUsers_NotTheResourceConstrainedFalsePositive()
    {
        var findings = RuleEngine.Default.Scan(await SnapshotFile.LoadAsync(TestFiles.CloudsplainingExample));
        var escalating = findings.Where(f => f.RuleId is "IAM1022" or "IAM1023" && f.Arn.Contains(":user/", StringComparison.Ordinal))
            .Select(f => f.Arn[(f.Arn.LastIndexOf('/') + 1)..]).ToHashSet();

        escalating.Should().Contain(["privesc1-CreateNewPolicyVersion-user", "privesc4-CreateAccessKey-user", "privesc9-AttachRolePolicy-user", "privesc13-AddUserToGroup-user", "privesc21-PassExistingRoleToNewDataPipeline-user", "fn2-exploitableResourceConstraint-user"]);
        escalating.Count(u => u.StartsWith("privesc", StringComparison.Ordinal)).Should().Be(31, "all 32 privesc users of the lab but the multi-hop assume-role one (out of scope)");
        escalating.Should().NotContain("privesc-AssumeRole-start-user");
        escalating.Should().NotContain("fp4-nonExploitableResourceConstraint-user", "its CreatePolicyVersion only covers AWS-managed policy ARNs, which nobody can write");
    }
}
