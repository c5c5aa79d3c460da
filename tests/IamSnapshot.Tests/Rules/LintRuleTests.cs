using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Rules;

public class LintRuleTests
{
    private static IReadOnlyList<Finding> Scan(string statement)
    {
        var account = Accounts.Minimal();
        account.Role("deployer")["RolePolicyList"]!.AsArray().Add(new JsonObject { ["PolicyName"] = "p", ["PolicyDocument"] = Accounts.Json($$"""{"Version":"2012-10-17","Statement":[{{statement}}]}""") });
        return RuleEngine.Default.Scan(Accounts.Load(account));
    }

    [Fact]
    public void IAM0003_UnknownAction_Fires_KnownSilent()
    {
        Scan("""{"Effect":"Deny","Action":"s3:GetObjects","Resource":"*"}""").Should().ContainSingle(f => f.RuleId == "IAM0003").Which.Message.Should().Contain("s3:getobjects");
        Scan("""{"Effect":"Deny","Action":["s3:GetObject","s3:Get*"],"Resource":"*"}""").Should().NotContain(f => f.RuleId == "IAM0003");
    }

    [Fact]
    public void IAM0004_BucketNameInsteadOfArn_Fires_ArnSilent()
    {
        Scan("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"my-bucket/*"}""").Should().ContainSingle(f => f.RuleId == "IAM0004");
        Scan("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket/*"}""").Should().NotContain(f => f.RuleId == "IAM0004");
    }

    [Fact]
    public void IAM0005_StatementWithoutResource_Fires()
    {
        Scan("""{"Effect":"Deny","Action":"iam:*"}""").Should().ContainSingle(f => f.RuleId == "IAM0005").Which.Message.Should().Contain("no resources");
        Scan("""{"Effect":"Deny","Action":"iam:*","Resource":"*"}""").Should().NotContain(f => f.RuleId == "IAM0005");
    }

    [Fact]
    public void IAM1024_BroaderNonDefaultVersionAdded_Fires_NarrowerSilent()
    {
        static IReadOnlyList<Finding> Run(string statement)
        {
            var before = Accounts.Minimal();
            var after = (JsonObject)before.DeepClone();
            after.Policy("app")["PolicyVersionList"]!.AsArray().Add(new JsonObject { ["VersionId"] = "v2", ["IsDefaultVersion"] = false, ["Document"] = Accounts.Json($$"""{"Version":"2012-10-17","Statement":[{{statement}}]}""") });
            return RuleEngine.Default.Analyze(SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after)));
        }

        Run("""{"Effect":"Allow","Action":"iam:*","Resource":"*"}""").Should().ContainSingle(f => f.RuleId == "IAM1024");
        Run("""{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}""").Should().NotContain(f => f.RuleId == "IAM1024");
    }

    [Fact]
    public async Task RealAccounts_LintFindsNoUnknownActionsInCustomerPolicies()
    {
        // The real lab account uses lower-camel action names in AWS-managed policies (ssm:listCommands); matching is
        // case-insensitive, so they are known.
        var findings = RuleEngine.Default.Scan(await SnapshotFile.LoadAsync(TestFiles.CloudsplainingExample));
        findings.Where(f => f.RuleId == "IAM0003").Select(f => f.Message).Should().BeEmpty();
    }
}
