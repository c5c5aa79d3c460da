using System.Collections.Immutable;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Rules;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;
using static IamSnapshot.Tests.Credentials.CredentialScenario;
using static IamSnapshot.Tests.Credentials.CredentialTestData;

namespace IamSnapshot.Tests.Rules;

/// <summary>The credential and password-policy change rules, on a real report and an "after" report derived by editing it.</summary>
public class CredentialChangeRuleTests
{
    private const string Root2016 = "arn:aws:iam::135792468013:root";
    private const string Root2017 = "arn:aws:iam::210987654321:root";

    private static ImmutableArray<Finding> Analyze(string before, string after) =>
        RuleEngine.Default.Analyze(SnapshotDiffer.Compare(Snapshot(before), Snapshot(after)));

    private static IEnumerable<Finding> Credential(IEnumerable<Finding> findings) =>
        findings.Where(f => f.RuleId.StartsWith("IAM3", StringComparison.Ordinal) || f.RuleId.StartsWith("IAM6", StringComparison.Ordinal));

    [Theory]
    [InlineData(Custodian2016)]
    [InlineData(Custodian2017)]
    [InlineData(Synthetic2022)]
    [InlineData(Synthetic2025)]
    [InlineData(CloudMapperJson)]
    public void SameReport_NoCredentialFindings(string name)
    {
        var csv = Csv(name);

        Credential(Analyze(csv, csv)).Should().BeEmpty();
    }

    [Fact]
    public void IAM3014_NewKeyOnExistingUser_Fires()
    {
        var before = Csv(Custodian2017);
        var after = Edit(before, "c7n-test", ("access_key_1_active", "true"), ("access_key_1_last_rotated", "2016-11-30T08:00:00+00:00"));

        var finding = Credential(Analyze(before, after)).Should().ContainSingle().Which;

        finding.RuleId.Should().Be("IAM3014");
        finding.Severity.Should().Be(Severity.High);
        finding.Arn.Should().Be("arn:aws:iam::210987654321:user/c7n-test");
        finding.PropertyPath.Should().Be("/credentials/accessKey1/lastRotated");
        finding.Message.Should().Be("User c7n-test has a new active access key (access key 1, created 2016-11-30T08:00:00Z)");
    }

    [Fact]
    public void IAM3014_KeyReplacedInTheSameColumn_Fires()
    {
        var before = Csv(Custodian2017);
        var after = Edit(before, "ops-01", ("access_key_1_last_rotated", "2016-11-30T08:00:00+00:00"), ("access_key_1_last_used_date", "N/A"));

        Credential(Analyze(before, after)).Should().ContainSingle(f => f.RuleId == "IAM3014" && f.Arn.EndsWith("user/ops-01"));
    }

    [Fact]
    public void IAM3014_KeyMovedToTheOtherColumn_IsNotNew()
    {
        // dev-05 had two keys; the first is deleted and the second shows up in column 1.
        var before = Csv(Custodian2017);
        var after = Edit(before, "dev-05",
            ("access_key_1_last_rotated", "2016-09-30T12:43:53+00:00"), ("access_key_1_last_used_date", "2016-11-23T22:21:00+00:00"),
            ("access_key_1_last_used_region", "us-west-2"), ("access_key_1_last_used_service", "ec2"),
            ("access_key_2_active", "false"), ("access_key_2_last_rotated", "N/A"), ("access_key_2_last_used_date", "N/A"),
            ("access_key_2_last_used_region", "N/A"), ("access_key_2_last_used_service", "N/A"));

        var diff = SnapshotDiffer.Compare(Snapshot(before), Snapshot(after));

        diff.Changes.Should().ContainSingle().Which.Properties.Should().NotBeEmpty("the columns did change");
        Credential(RuleEngine.Default.Analyze(diff)).Should().BeEmpty();
    }

    [Fact]
    public void IAM3015_InactiveKeyReactivated_Fires_NotAsNew()
    {
        var current = Csv(Custodian2016);
        var before = Edit(current, "charmworld", ("access_key_1_active", "false"));

        var finding = Credential(Analyze(before, current)).Should().ContainSingle().Which;
        Credential(Analyze(before, before)).Should().BeEmpty();

        finding.RuleId.Should().Be("IAM3015");
        finding.Message.Should().Be("User charmworld's access key 1 (created 2012-01-29) was inactive and is active again");
    }

    [Fact]
    public void IAM3016_ConsolePasswordAdded_Fires_PasswordChangeSilent()
    {
        var before = Csv(Custodian2016);
        var added = Edit(before, "rome", ("password_enabled", "true"), ("password_last_changed", "2016-11-26T09:00:00+00:00"));
        var changed = Edit(added, "rome", ("password_last_changed", "2016-11-28T09:00:00+00:00"));

        var finding = Credential(Analyze(before, added)).Should().ContainSingle().Which;
        Credential(Analyze(added, changed)).Should().BeEmpty("changing an existing password is routine");

        finding.RuleId.Should().Be("IAM3016");
        finding.Message.Should().Be("User rome can now sign in to the console with a password (set 2016-11-26, no MFA)");
    }

    [Fact]
    public void IAM3017_MfaRemovedFromConsoleUser_Fires_KeyOnlyUserSilent()
    {
        var before = Csv(Custodian2017);
        var after = Edit(before, "ops-02", ("mfa_active", "false"));
        var keyOnlyBefore = Edit(before, "c7n-iam-test", ("mfa_active", "true"));

        Credential(Analyze(before, after)).Should().ContainSingle().Which.Should().Match<Finding>(f => f.RuleId == "IAM3017" && f.Arn.EndsWith("user/ops-02") && f.PropertyPath == "/credentials/mfaActive");
        Credential(Analyze(keyOnlyBefore, before)).Should().BeEmpty("c7n-iam-test has no console password");
    }

    [Fact]
    public void IAM3018_RootPasswordAndKeyUse_AreEachAFinding_UserUseIsSilent()
    {
        var before = Csv(Custodian2016);
        var after = Edit(before, "<root_account>", ("password_last_used", "2016-11-28T10:00:00+00:00"), ("access_key_1_last_used_date", "2016-11-28T11:00:00+00:00"), ("access_key_1_last_used_service", "iam"));
        var userOnly = Edit(before, "rome", ("access_key_1_last_used_date", "2016-11-28T11:00:00+00:00"));

        var diff = SnapshotDiffer.Compare(Snapshot(before), Snapshot(after));
        var findings = Credential(RuleEngine.Default.Analyze(diff)).ToList();

        diff.IsEmpty.Should().BeTrue("last-used dates are never changes; the rule reads them from the snapshots");
        findings.Select(f => (f.RuleId, f.Severity, f.Arn, f.Message)).Should().BeEquivalentTo(new[]
        {
            ("IAM3018", Severity.Critical, Root2016, "The root user's password was used on 2016-11-28T10:00:00Z"),
            ("IAM3018", Severity.Critical, Root2016, "The root user's access key 1 was used on 2016-11-28T11:00:00Z (iam, us-east-1)"),
        });
        Credential(Analyze(before, userOnly)).Should().BeEmpty();
    }

    [Fact]
    public void IAM3018_RootNeverUsedThenUsed_Fires()
    {
        var before = Csv(Synthetic2025);
        var after = Edit(before, "<root_account>", ("password_last_used", "2025-01-30T08:00:00Z"));

        Credential(Analyze(before, after)).Should().ContainSingle(f => f.RuleId == "IAM3018").Which.Subject.Should().Be("password used 2025-01-30T08:00:00Z");
    }

    [Fact]
    public void IAM3019_RootKeyActivatedCertificateAndMfaRemoved_AreFindings()
    {
        var before = Csv(Custodian2017);
        var after = Edit(before, "<root_account>",
            ("access_key_1_active", "true"), ("access_key_1_last_rotated", "2016-11-30T08:00:00+00:00"),
            ("cert_2_active", "true"), ("cert_2_last_rotated", "2016-11-30T08:05:00+00:00"),
            ("mfa_active", "false"));

        var findings = Credential(Analyze(before, after)).ToList();

        findings.Should().OnlyContain(f => f.RuleId == "IAM3019" && f.Arn == Root2017 && f.Severity == Severity.Critical && f.EntityType == EntityKind.Account);
        findings.Select(f => f.Message).Should().BeEquivalentTo(
            "The root user's credentials changed: a new access key is active (access key 1, created 2016-11-30, never used)",
            "The root user's credentials changed: a signing certificate became active (signing certificate 2)",
            "The root user's credentials changed: root MFA was removed");
    }

    [Fact]
    public void IAM3019_RootKeyReactivated_Fires()
    {
        // The 2016 root has an inactive key 2 that kept its date.
        var before = Csv(Custodian2016);
        var after = Edit(before, "<root_account>", ("access_key_2_active", "true"));

        Credential(Analyze(before, after)).Should().ContainSingle().Which.Message.Should().Contain("an inactive access key was reactivated (access key 2");
    }

    [Fact]
    public void IAM3019_RootPasswordChangedInNewReports_Fires_OldToNewSemanticsSilent()
    {
        var newShape = Csv(Synthetic2025);
        var changed = Edit(newShape, "<root_account>", ("password_last_changed", "2025-02-01T12:00:00Z"));
        var oldShape = Csv(Synthetic2022);
        var oldToNew = Edit(oldShape, "<root_account>", ("password_enabled", "true"), ("password_last_changed", "2022-02-14T09:12:40+00:00"));

        Credential(Analyze(newShape, changed)).Should().ContainSingle().Which.Message.Should().Be("The root user's credentials changed: the root password was changed on 2025-02-01T12:00:00Z");
        Credential(Analyze(oldShape, oldToNew)).Should().BeEmpty("not_supported to a value is AWS changing the report, not the account");
    }

    [Fact]
    public void IAM3020_NewUserWithPassword_Fires_NewKeyOnlyUserSilent()
    {
        var before = Csv(Custodian2017);
        var console = CopyRow(before, "build-01", "newbie");
        var keyOnly = CopyRow(before, "c7n-iam-test", "robot");

        var findings = Analyze(before, console);

        findings.Should().ContainSingle(f => f.RuleId == "IAM3020").Which.Message.Should().Be("New user newbie can sign in to the console with a password (no MFA)");
        findings.Should().Contain(f => f.RuleId == "IAM4002", "the inventory rule still reports the new user");
        findings.Should().NotContain(f => f.RuleId == "IAM3014" || f.RuleId == "IAM3016", "a new user's credentials are not changes of an existing user");
        Analyze(before, keyOnly).Should().NotContain(f => f.RuleId == "IAM3020");
    }

    [Fact]
    public void DuplicateRow_ChangeRulesFollowTheKeptRow()
    {
        var before = Csv(Custodian2017);
        var duplicateOnly = EditRow(before, "ops-03", 1, ("access_key_1_last_rotated", "2016-11-30T08:00:00+00:00"));
        var keptRow = EditRow(before, "ops-03", 0, ("access_key_1_active", "true"), ("access_key_1_last_rotated", "2016-11-30T08:00:00+00:00"));

        Credential(Analyze(before, duplicateOnly)).Should().BeEmpty("the second ops-03 row is a duplicate the rules do not judge");
        Credential(Analyze(before, keptRow)).Should().ContainSingle(f => f.RuleId == "IAM3014" && f.Arn.EndsWith("user/ops-03"));
    }

    [Fact]
    public void IAM6003_PolicyWeakenedOrDeleted_Fires_StrengthenedSilent()
    {
        var csv = Csv(Custodian2016);
        var strong = new PasswordPolicy { MinimumPasswordLength = 14, PasswordReusePrevention = 24, RequireSymbols = true, ExpirePasswords = true, MaxPasswordAge = 90 };
        AccountSnapshot With(PasswordPolicy? policy) => Snapshot(csv, parts: p => p.PasswordPolicy = policy);
        ImmutableArray<Finding> Run(PasswordPolicy? a, PasswordPolicy? b) => RuleEngine.Default.Analyze(SnapshotDiffer.Compare(With(a), With(b)));

        var weakened = Run(strong, strong with { MinimumPasswordLength = 8, PasswordReusePrevention = null, RequireSymbols = false, MaxPasswordAge = 365 });
        var deleted = Run(strong, PasswordPolicy.NotSet);

        var finding = weakened.Should().ContainSingle(f => f.RuleId == "IAM6003").Which;
        finding.Arn.Should().Be(Root2016);
        finding.Message.Should().Be("The password policy was weakened: minimum length 14 -> 8; reuse prevention removed; symbols no longer required; passwords expire after 365 days instead of 90");
        deleted.Should().ContainSingle(f => f.RuleId == "IAM6003").Which.Message.Should().Contain("the policy was deleted");
        Run(strong with { MinimumPasswordLength = 8 }, strong).Should().NotContain(f => f.RuleId == "IAM6003");
        Run(null, strong with { MinimumPasswordLength = 8 }).Should().NotContain(f => f.RuleId == "IAM6003", "an unknown policy cannot be weakened");
    }

    [Fact]
    public async Task FolderImports_PairOfReports_RunTheChangeRules()
    {
        using var monday = new TempFolder();
        using var tuesday = new TempFolder();
        var csv = Csv(Custodian2016);
        var after = Edit(csv, "<root_account>", ("password_last_used", "2016-11-26T20:00:00+00:00"));
        after = Edit(after, "svc-deploy", ("access_key_2_active", "true"), ("access_key_2_last_rotated", "2016-11-26T19:00:00+00:00"));
        foreach (var (folder, report, time) in new[] { (monday, csv, "2016-11-26T00:00:00Z"), (tuesday, after, "2016-11-27T00:00:00Z") })
        {
            File.WriteAllText(folder.File("get-account-authorization-details.json"), AuthzFor(csv).ToJsonString());
            File.WriteAllText(folder.File("get-credential-report.json"), CliJson(report, time));
            File.WriteAllText(folder.File("get-account-password-policy.json"), """{"PasswordPolicy":{"MinimumPasswordLength":14,"PasswordReusePrevention":24}}""");
        }

        File.WriteAllText(tuesday.File("get-account-password-policy.json"), """{"PasswordPolicy":{"MinimumPasswordLength":6}}""");

        var diff = SnapshotDiffer.Compare(await SnapshotFile.LoadAsync(monday.Path), await SnapshotFile.LoadAsync(tuesday.Path));
        var findings = RuleEngine.Default.Analyze(diff);

        findings.Select(f => f.RuleId).Should().BeEquivalentTo("IAM3018", "IAM3014", "IAM6003");
        findings.Single(f => f.RuleId == "IAM3014").Arn.Should().Be("arn:aws:iam::135792468013:user/svc-deploy");
        diff.Changes.Select(c => c.EntityType).Should().BeEquivalentTo([EntityKind.User, EntityKind.Account]);
    }
}
