using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;
using IamSnapshot.Rules.Configuration;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Rules;

public class ConfigurationTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static SnapshotDiff RiskyDiff()
    {
        var before = Accounts.Minimal();
        var after = (JsonObject)before.DeepClone();
        after.Role("deployer")["AssumeRolePolicyDocument"]!.AsObject().Statements()[0]!["Principal"] = "*";
        after.User("bob").Remove("PermissionsBoundary");
        return SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after));
    }

    [Theory]
    [InlineData("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/deployer", true)]
    [InlineData("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/ci/deployer", false)]
    [InlineData("arn:aws:iam::*:role/**", "arn:aws:iam::111122223333:role/ci/deployer", true)]
    [InlineData("arn:aws:iam::111122223333:role/Deployer", "arn:aws:iam::111122223333:role/deployer", false)]
    [InlineData("arn:aws:iam::11112222333?:user/*", "arn:aws:iam::111122223333:user/bob", true)]
    [InlineData("/attachedPolicies/**", "/attachedPolicies/arn:aws:iam::aws:policy~1AdministratorAccess", true)]
    public void ArnGlob_MatchesSegmentsCaseSensitively(string pattern, string value, bool expected)
    {
        new ArnGlob(pattern).IsMatch(value).Should().Be(expected);
    }

    [Fact]
    public void Suppression_MarksFindingWithJustification_AndItNoLongerFails()
    {
        var config = RuleConfiguration.Parse("""
            { "suppressions": [ { "ruleId": "IAM2001", "arn": "arn:aws:iam::111122223333:role/deployer", "justification": "public demo role, reviewed by SEC-42", "expires": "2027-01-31" } ] }
            """, "iamsnapshot.json");
        var engine = new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(config).WithClock(new FixedClock(DateTimeOffset.Parse("2027-01-31T23:00:00Z"))).Build();

        var findings = engine.Analyze(RiskyDiff());

        var suppressed = findings.Single(f => f.RuleId == "IAM2001");
        suppressed.Suppressed.Should().BeTrue();
        suppressed.SuppressionJustification.Should().Be("public demo role, reviewed by SEC-42");
        findings.Single(f => f.RuleId == "IAM1003").Suppressed.Should().BeFalse();
        findings.Should().NotContain(f => f.RuleId == "IAM0002");
    }

    [Fact]
    public void Suppression_AfterExpiry_StopsSuppressingAndSaysSo()
    {
        var config = RuleConfiguration.Parse("""
            { "suppressions": [ { "ruleId": "IAM2001", "arn": "arn:aws:iam::*:role/*", "justification": "temporary", "expires": "2027-01-31" } ] }
            """, "iamsnapshot.json");
        var engine = new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(config).WithClock(new FixedClock(DateTimeOffset.Parse("2027-02-01T00:00:01Z"))).Build();

        var findings = engine.Analyze(RiskyDiff());

        findings.Single(f => f.RuleId == "IAM2001").Suppressed.Should().BeFalse();
        findings.Should().ContainSingle(f => f.RuleId == "IAM0002").Which.Message.Should().Contain("expired on 2027-01-31").And.Contain("1 finding(s)");
    }

    [Fact]
    public void Suppression_PropertyPathNarrowsIt()
    {
        var config = RuleConfiguration.Parse("""
            { "suppressions": [ { "ruleId": "IAM1003", "arn": "arn:aws:iam::*:user/*", "property": "/tags/**", "justification": "only tags" } ] }
            """, "c.json");
        var engine = new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(config).Build();

        engine.Analyze(RiskyDiff()).Single(f => f.RuleId == "IAM1003").Suppressed.Should().BeFalse();
    }

    [Fact]
    public void Parse_InvalidConfiguration_ListsEveryProblemWithItsPath()
    {
        var act = () => RuleConfiguration.Parse("""
            {
              "preset": "lenient",
              "severity": { "IAM1001": "urgent", "Bogus": "high" },
              "rules": { "IAM2002": { "trustedAccounts": [1, 2] } },
              "suppressions": [ { "ruleId": "IAM2001", "arn": "arn:aws:iam::*:role/x" }, { "ruleId": "IAM20", "arn": "", "justification": "x", "expires": "soon" } ],
              "colour": true
            }
            """, "iamsnapshot.json");

        var problems = act.Should().Throw<ConfigurationException>().Which.Problems;
        problems.Should().Contain(p => p.StartsWith("$.preset:"));
        problems.Should().Contain(p => p.StartsWith("$.severity.IAM1001:"));
        problems.Should().Contain(p => p.StartsWith("$.severity.Bogus:"));
        problems.Should().Contain(p => p.StartsWith("$.rules.IAM2002.trustedAccounts:"));
        problems.Should().Contain(p => p.StartsWith("$.suppressions[0].justification: required"));
        problems.Should().Contain(p => p.StartsWith("$.suppressions[1].ruleId:"));
        problems.Should().Contain(p => p.StartsWith("$.suppressions[1].arn: required"));
        problems.Should().Contain(p => p.StartsWith("$.suppressions[1].expires:"));
        problems.Should().Contain(p => p.StartsWith("$.colour:"));
    }

    [Fact]
    public void Build_UnknownRuleIds_AreConfigurationProblems()
    {
        var config = RuleConfiguration.Parse("""{ "severity": { "IAM9998": "low" }, "suppressions": [ { "ruleId": "IAM9997", "arn": "*", "justification": "x" } ] }""", "c.json");
        var act = () => new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(config).Build();
        act.Should().Throw<ConfigurationException>().Which.Problems.Should().HaveCount(2);
    }

    [Fact]
    public void Severity_ByCategoryAndById_IdWins_NoneDisables()
    {
        var config = RuleConfiguration.Parse("""{ "severity": { "Trust": "low", "IAM2001": "medium", "IAM1003": "none" } }""", "c.json");
        var engine = new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(config).Build();

        var findings = engine.Analyze(RiskyDiff());

        findings.Single(f => f.RuleId == "IAM2001").Severity.Should().Be(Severity.Medium);
        findings.Should().NotContain(f => f.RuleId == "IAM1003");
        engine.EffectiveSeverity("IAM2002").Should().Be(Severity.Low);
    }

    [Fact]
    public void StrictPreset_EnablesRulesThatShipDisabled()
    {
        RuleEngine.Default.EffectiveSeverity("IAM4011").Should().BeNull();
        var strict = new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(RuleConfiguration.Parse("""{"preset":"strict"}""", "c.json")).Build();
        strict.EffectiveSeverity("IAM4011").Should().Be(Severity.Low);
    }

    [Fact]
    public async Task Baseline_RoundTrip_FiltersKnownFindings_StableUnderReordering()
    {
        using var temp = new TempFolder();
        var findings = RuleEngine.Default.Analyze(RiskyDiff());
        await Baseline.WriteAsync(findings.Reverse(), temp.File("baseline.json"));
        var first = await File.ReadAllBytesAsync(temp.File("baseline.json"));
        await Baseline.WriteAsync(findings, temp.File("baseline.json"));
        (await File.ReadAllBytesAsync(temp.File("baseline.json"))).Should().Equal(first, "baselines are sorted, whatever the order of findings");

        var baseline = Baseline.Load(temp.File("baseline.json"));

        baseline.NewFindings(findings).Should().BeEmpty();
        var more = (JsonObject)Accounts.Minimal().DeepClone();
        more.User("alice")["GroupList"]!.AsArray().Add("admins");
        var next = RuleEngine.Default.Analyze(SnapshotDiffer.Compare(Accounts.Load(Accounts.Minimal()), Accounts.Load(more)));
        baseline.NewFindings(next).Select(f => f.RuleId).Should().Contain(["IAM1018", "IAM1002"]);
    }

    [Fact]
    public void Baseline_Invalid_IsAConfigurationError()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("b.json"), "{\"findings\": [{\"nope\": 1}]}");
        var act = () => Baseline.Load(temp.File("b.json"));
        act.Should().Throw<ConfigurationException>().Which.Message.Should().Contain("$.findings[0].fingerprint");
    }

    [Fact]
    public void CustomRule_PlugsInLikeABuiltInOne()
    {
        var engine = new RuleEngineBuilder().AddBuiltInRules().AddRule(new TaggedRoleRule()).Build();

        var findings = engine.Analyze(RiskyDiff());
        var custom = findings.Should().ContainSingle(f => f.RuleId == "IAM9001").Which;

        custom.Message.Should().Be("Role deployer changed while tagged team=platform");
        engine.Descriptors.Should().Contain(d => d.Id == "IAM9001");
    }

    /// <summary>The custom rule shown in the README.</summary>
    private sealed class TaggedRoleRule : ChangeRule
    {
        private static readonly RuleDescriptor Rule = new("IAM9001", "Platform role changed", "Role {0} changed while tagged team=platform",
            RuleCategory.Inventory, RuleKind.Change, Severity.Medium, "Roles owned by the platform team change only through its pipeline.");

        public override RuleDescriptor Descriptor => Rule;

        public override void Analyze(ChangeRuleContext context)
        {
            foreach (var change in context.Diff.Changes)
            {
                if (change.After is IamSnapshot.Model.IamRole role && role.Tags.Any(t => t.Key == "team" && t.Value == "platform"))
                {
                    context.Report(change, "changed", null, role.Name);
                }
            }
        }
    }
}
