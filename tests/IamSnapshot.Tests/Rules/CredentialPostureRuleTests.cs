using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Rules;
using IamSnapshot.Rules.Configuration;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Credentials;
using IamSnapshot.Tests.Support;
using static IamSnapshot.Tests.Credentials.CredentialScenario;
using static IamSnapshot.Tests.Credentials.CredentialTestData;

namespace IamSnapshot.Tests.Rules;

/// <summary>The credential and account-settings posture rules on real credential reports and their edited twins.</summary>
public class CredentialPostureRuleTests
{
    private const string Root2016 = "arn:aws:iam::135792468013:root";

    private static readonly RuleEngine Strict = new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(RuleConfiguration.Parse("""{"preset":"strict"}""", "strict")).Build();

    private static readonly DateTimeOffset Late2016 = new(2016, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private static ImmutableArray<Finding> Scan(string csv, DateTimeOffset? capturedAt, Action<OptionalParts>? parts = null, RuleEngine? engine = null) =>
        (engine ?? Strict).Scan(Snapshot(csv, capturedAt: capturedAt, parts: parts));

    private static IEnumerable<string> UsersWith(IEnumerable<Finding> findings, string rule) =>
        findings.Where(f => f.RuleId == rule).Select(f => f.Arn[(f.Arn.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal);

    private static RuleEngine WithOptions(string rule, string json) =>
        new RuleEngineBuilder().AddBuiltInRules().WithConfiguration(RuleConfiguration.Parse("{\"rules\":{\"" + rule + "\":" + json + "}}", "test")).Build();

    [Fact]
    public async Task Custodian2016_FolderImport_YieldsRootAccessKeyAndRootCertificateFindings()
    {
        using var folder = new TempFolder();
        var csv = Csv(Custodian2016);
        File.WriteAllText(folder.File("get-account-authorization-details.json"), AuthzFor(csv).ToJsonString());
        File.WriteAllText(folder.File("credential-report.csv"), csv);

        var findings = RuleEngine.Default.Scan(await SnapshotFile.LoadAsync(folder.Path));

        var key = findings.Should().ContainSingle(f => f.RuleId == "IAM3001").Which;
        key.Severity.Should().Be(Severity.Critical);
        key.Arn.Should().Be(Root2016);
        key.EntityType.Should().Be(EntityKind.Account);
        key.Message.Should().Be("The root user has an active access key: access key 1, created 2011-08-19, last used 2015-07-04 (s3, us-east-1)");
        key.Subject.Should().Be("access key created 2011-08-19T05:12:23Z", "the inactive key 2, which keeps its date, is not reported");
        var certificate = findings.Should().ContainSingle(f => f.RuleId == "IAM3004").Which;
        certificate.Severity.Should().Be(Severity.High);
        certificate.Message.Should().Be("The root user has an active X.509 signing certificate: signing certificate 1, uploaded 2008-06-25");
        findings.Should().Contain(f => f.RuleId == "IAM3002" && f.Arn == Root2016, "root has no MFA");
    }

    [Fact]
    public void RootRules_BenignTwin_AreSilent()
    {
        var fixedRoot = Edit(Csv(Custodian2016), "<root_account>", ("access_key_1_active", "false"), ("cert_1_active", "false"), ("mfa_active", "true"));

        Scan(fixedRoot, Late2016).Should().NotContain(f => f.RuleId == "IAM3001" || f.RuleId == "IAM3002" || f.RuleId == "IAM3004");
    }

    [Fact]
    public void RootRules_NoReport_FallBackToTheAccountSummary()
    {
        var risky = new AccountSummary(new Dictionary<string, long> { ["AccountAccessKeysPresent"] = 1, ["AccountMFAEnabled"] = 0, ["AccountSigningCertificatesPresent"] = 1 });
        var benign = new AccountSummary(new Dictionary<string, long> { ["AccountAccessKeysPresent"] = 0, ["AccountMFAEnabled"] = 1, ["AccountSigningCertificatesPresent"] = 0 });
        var csv = Csv(Custodian2016);

        var findings = Scan(csv, Late2016, p => { p.CredentialReport = null; p.AccountSummary = risky; });
        var twin = Scan(csv, Late2016, p => { p.CredentialReport = null; p.AccountSummary = benign; });

        var credential = findings.Where(f => f.RuleId.StartsWith("IAM3", StringComparison.Ordinal)).ToList();
        credential.Select(f => f.RuleId).Should().Equal("IAM3001", "IAM3002", "IAM3004");
        credential.Should().OnlyContain(f => f.Arn == Root2016);
        twin.Should().NotContain(f => f.RuleId.StartsWith("IAM3", StringComparison.Ordinal));
    }

    [Fact]
    public void IAM3002_RootWithoutAnyCredential_IsSilent()
    {
        // The 2025 report shape: root password_enabled is a real boolean. A root with no password, key or certificate
        // (centrally managed root) cannot sign in, so missing MFA is not a finding.
        var csv = Edit(Csv(Synthetic2025), "<root_account>", ("mfa_active", "false"));
        var noCredentials = Edit(csv, "<root_account>", ("password_enabled", "false"), ("password_last_changed", "N/A"));

        Scan(csv, null).Should().Contain(f => f.RuleId == "IAM3002");
        Scan(noCredentials, null).Should().NotContain(f => f.RuleId == "IAM3002");
    }

    [Fact]
    public void IAM3003_RootUsedWithinTheWindowOfTheCaptureTime_Fires()
    {
        var csv = Csv(Custodian2016);
        var halfYearLater = new DateTimeOffset(2017, 6, 1, 0, 0, 0, TimeSpan.Zero);

        var finding = Scan(csv, Late2016).Should().ContainSingle(f => f.RuleId == "IAM3003").Which;
        finding.Message.Should().Be("The root user's password was used on 2016-11-25, 0 day(s) before the capture");
        finding.Subject.Should().Be("password used 2016-11-25T14:19:48Z");
        Scan(csv, halfYearLater).Should().NotContain(f => f.RuleId == "IAM3003", "ages are judged against the capture time: 188 days > 90");
        Scan(csv, halfYearLater, engine: WithOptions("IAM3003", """{"maxAgeDays":365}""")).Should().ContainSingle(f => f.RuleId == "IAM3003");
        Scan(csv, null).Should().NotContain(f => f.RuleId == "IAM3003", "a CSV has no generation time, so without a capture time no age can be judged");
    }

    [Fact]
    public void IAM3003_CaptureTimeUnknown_UsesTheReportGenerationTime()
    {
        var snapshot = Snapshot(Csv(Custodian2016), generatedAt: new DateTimeOffset(2016, 11, 25, 18, 0, 0, TimeSpan.Zero));

        snapshot.Metadata.CapturedAt.Should().BeNull();
        Strict.Scan(snapshot).Should().ContainSingle(f => f.RuleId == "IAM3003");
    }

    [Fact]
    public void IAM3005_ConsoleUsersWithoutMfa_NeverTheRootRow()
    {
        var csv = Csv(Custodian2017);
        var twin = Edit(csv, "build-01", ("mfa_active", "true"));
        var rootWithPasswordNoMfa = Edit(Csv(Synthetic2025), "<root_account>", ("mfa_active", "false"));

        UsersWith(Scan(csv, null), "IAM3005").Should().Equal("Reporting", "build-01", "dev-02", "dev-04", "dev-05", "dev-09", "dev-10", "ops-03");
        UsersWith(Scan(twin, null), "IAM3005").Should().NotContain("build-01");
        Scan(rootWithPasswordNoMfa, null).Where(f => f.RuleId == "IAM3005").Should().OnlyContain(f => f.Arn.Contains(":user/", StringComparison.Ordinal));
    }

    [Fact]
    public void IAM3006_PasswordNeverUsedSinceSetLongAgo_Fires_RecentOneSilent()
    {
        var csv = Csv(Synthetic2022);
        var captured = new DateTimeOffset(2022, 12, 1, 8, 0, 0, TimeSpan.Zero);

        var finding = Scan(csv, captured).Should().ContainSingle(f => f.RuleId == "IAM3006").Which;
        finding.Arn.Should().EndWith("user/never-logged-in");
        finding.Message.Should().Be("User never-logged-in's console password has no recorded sign-in since it was set on 2022-05-05, 209 days before the capture");
        Scan(csv, new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero)).Should().NotContain(f => f.RuleId == "IAM3006");
    }

    [Fact]
    public void IAM3006_PasswordLastUsedLongAgo_Fires()
    {
        var findings = Scan(Csv(Custodian2017), new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero));

        UsersWith(findings, "IAM3006").Should().Equal(["dev-02", "dev-10", "ops-03", "svc-backup"], "ops-02 was used 86 days before: under 90");
        findings.Should().Contain(f => f.RuleId == "IAM3006" && f.Message == "User dev-10's console password was last used on 2016-09-20, 102 days before the capture");
    }

    [Fact]
    public void IAM3007_UnusedAndNeverUsedActiveKeys_NotTheRoot()
    {
        var findings = Scan(Csv(Custodian2016), Late2016);

        UsersWith(findings, "IAM3007").Should().Equal("Hazmat", "charmworld", "dev-11", "svc-deploy");
        findings.Should().Contain(f => f.RuleId == "IAM3007" && f.Message == "User charmworld's access key 1 is active but was never used since it was created on 2012-01-29, 1762 days before the capture");
        findings.Should().NotContain(f => f.RuleId == "IAM3007" && f.Arn == Root2016, "the root key is IAM3001's");
        UsersWith(Scan(Csv(Custodian2016), new DateTimeOffset(2016, 8, 1, 0, 0, 0, TimeSpan.Zero)), "IAM3007").Should().Equal("Hazmat", "charmworld", "svc-deploy");
    }

    [Fact]
    public void IAM3007_KeyLastUsedLongAgo_Fires()
    {
        var findings = Scan(Csv(Custodian2017), new DateTimeOffset(2017, 2, 1, 0, 0, 0, TimeSpan.Zero));

        findings.Should().Contain(f => f.RuleId == "IAM3007" && f.Message == "User build-01's access key 2 is active but was last used on 2016-10-20, 103 days before the capture");
    }

    [Fact]
    public void IAM3008_OldActiveKeys_Fire_NewOnesAndInactiveOnesSilent()
    {
        var csv = Csv(Custodian2016);

        var findings = Scan(csv, Late2016);

        UsersWith(findings, "IAM3008").Should().Equal("Hazmat", "charmworld", "dev-11", "svc-deploy", "tyre");
        findings.Should().Contain(f => f.RuleId == "IAM3008" && f.Message == "User tyre's access key 1 was created on 2016-07-01, 147 days before the capture, and is still active");
        UsersWith(Scan(Edit(csv, "tyre", ("access_key_1_active", "false")), Late2016), "IAM3008").Should().NotContain("tyre");
        UsersWith(Scan(csv, Late2016, engine: WithOptions("IAM3008", """{"maxAgeDays":365}""")), "IAM3008").Should().Equal("Hazmat", "charmworld", "svc-deploy");
    }

    [Fact]
    public void IAM3009_TwoActiveKeys_Fires_OneKeySilent()
    {
        var csv = Csv(CloudMapperJson);

        var finding = Scan(csv, null).Should().ContainSingle(f => f.RuleId == "IAM3009").Which;

        finding.Arn.Should().EndWith("user/user");
        finding.Message.Should().Be("User user has two active access keys (created 2019-05-07, never used; created 2018-05-07, last used 2018-05-07 (s3, us-east-1))");
        Scan(Edit(csv, "user", ("access_key_2_active", "false")), null).Should().NotContain(f => f.RuleId == "IAM3009");
    }

    [Fact]
    public void IAM3010_UserSigningCertificate_Fires_InactiveSilent()
    {
        var csv = Csv(Synthetic2025);

        Scan(csv, null).Should().ContainSingle(f => f.RuleId == "IAM3010").Which.Message.Should().Be("User deployer has an active X.509 signing certificate (signing certificate 1, uploaded 2025-01-21)");
        Scan(Edit(csv, "deployer", ("cert_1_active", "false")), null).Should().NotContain(f => f.RuleId == "IAM3010");
    }

    [Fact]
    public void IAM3011_PasswordAndKey_FiresOnlyWhenEnabled()
    {
        var snapshot = Snapshot(Csv(Synthetic2022));

        UsersWith(Strict.Scan(snapshot), "IAM3011").Should().Equal("console-admin");
        RuleEngine.Default.Scan(snapshot).Should().NotContain(f => f.RuleId == "IAM3011", "the rule ships disabled");
    }

    [Fact]
    public void IAM3012_ReportOlderThanTheCapture_Fires()
    {
        var generated = new DateTimeOffset(2025, 1, 29, 10, 0, 0, TimeSpan.Zero);
        var csv = Csv(Synthetic2025);

        var stale = Strict.Scan(Snapshot(csv, capturedAt: generated.AddHours(7), generatedAt: generated));
        var fresh = Strict.Scan(Snapshot(csv, capturedAt: generated.AddHours(4), generatedAt: generated));
        var unknown = Strict.Scan(Snapshot(csv, generatedAt: generated));

        stale.Should().ContainSingle(f => f.RuleId == "IAM3012").Which.Message.Should().Be("The credential report was generated on 2025-01-29T10:00:00Z, 7 hour(s) before the snapshot was captured");
        fresh.Should().NotContain(f => f.RuleId == "IAM3012", "AWS serves a cached report for up to 4 hours");
        unknown.Should().NotContain(f => f.RuleId == "IAM3012");
    }

    [Fact]
    public void DuplicateUser_RulesJudgeTheKeptFirstRow_AndIAM3013ExplainsTheOther()
    {
        // ops-03 appears twice in the 2017 report: the first row has no active key, the second has one from 2016-09-14.
        var snapshot = Snapshot(Csv(Custodian2017), capturedAt: new DateTimeOffset(2017, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var reloaded = SnapshotFile.Load(SnapshotFile.ToBytes(snapshot), "saved.json");

        foreach (var findings in new[] { Strict.Scan(snapshot), Strict.Scan(reloaded) })
        {
            var ops03 = findings.Where(f => f.Arn.EndsWith("user/ops-03", StringComparison.Ordinal) && f.RuleId.StartsWith("IAM3", StringComparison.Ordinal)).ToList();
            ops03.Select(f => f.RuleId).Should().BeEquivalentTo(["IAM3005", "IAM3006", "IAM3013"], "the first row (password, no MFA, never used, no key) is judged");
            ops03.Single(f => f.RuleId == "IAM3013").Message.Should().Be(
                "User ops-03 has 2 rows in the credential report; the rules judged the first, and the later row(s) differ in: "
                + "accessKey1/active (false then true), accessKey1/lastRotated (\"N/A\" then \"2016-09-14T12:57:54Z\"), "
                + "password/lastChanged (\"2016-08-30T17:40:36Z\" then \"2016-11-21T14:42:53Z\")");
        }

        Strict.Scan(Snapshot(Csv(Custodian2016))).Should().NotContain(f => f.RuleId == "IAM3013");
    }

    [Fact]
    public void IAM6001_NoPolicy_Fires_UnknownOrSetSilent()
    {
        var csv = Csv(Custodian2016);

        Scan(csv, null, p => p.PasswordPolicy = PasswordPolicy.NotSet).Should().ContainSingle(f => f.RuleId == "IAM6001").Which.Arn.Should().Be(Root2016);
        Scan(csv, null, p => p.PasswordPolicy = null).Should().NotContain(f => f.RuleId == "IAM6001" || f.RuleId == "IAM6002");
        Scan(csv, null, p => p.PasswordPolicy = Strong).Should().NotContain(f => f.RuleId == "IAM6001" || f.RuleId == "IAM6002");
    }

    private static PasswordPolicy Strong => new()
    {
        MinimumPasswordLength = 14,
        PasswordReusePrevention = 24,
        RequireLowercaseCharacters = true,
        RequireUppercaseCharacters = true,
        RequireNumbers = true,
        RequireSymbols = true,
        ExpirePasswords = true,
        MaxPasswordAge = 90,
    };

    [Fact]
    public void IAM6002_WeakPolicy_ListsEveryShortfallInOneFinding()
    {
        var weak = new PasswordPolicy { MinimumPasswordLength = 8, PasswordReusePrevention = 5, RequireLowercaseCharacters = true, RequireUppercaseCharacters = true, ExpirePasswords = true, MaxPasswordAge = 180 };

        var finding = Scan(Csv(Custodian2016), null, p => p.PasswordPolicy = weak).Should().ContainSingle(f => f.RuleId == "IAM6002").Which;

        finding.Message.Should().Be("The password policy is weaker than the profile: minimum length 8 (profile 14); remembers 5 previous passwords (profile 24); does not require numbers; does not require symbols; passwords expire after 180 days (profile 90)");
        Scan(Csv(Custodian2016), null, p => p.PasswordPolicy = Strong with { ExpirePasswords = false, MaxPasswordAge = null })
            .Should().ContainSingle(f => f.RuleId == "IAM6002").Which.Message.Should().EndWith(": passwords never expire (profile 90 days)");
    }

    [Fact]
    public void IAM6002_ProfileFromOptions_NistStyleAcceptsNoExpiryNorClasses()
    {
        var nist = new PasswordPolicy { MinimumPasswordLength = 15, PasswordReusePrevention = 24 };
        var engine = WithOptions("IAM6002", """{"maxAgeDays":0,"requireCharacterClasses":[]}""");

        Scan(Csv(Custodian2016), null, p => p.PasswordPolicy = nist, engine).Should().NotContain(f => f.RuleId == "IAM6002");
        Scan(Csv(Custodian2016), null, p => p.PasswordPolicy = nist).Should().ContainSingle(f => f.RuleId == "IAM6002");
    }

    [Fact]
    public void IAM6002_UnknownCharacterClass_IsAnEngineFindingNotASilentPass()
    {
        var engine = WithOptions("IAM6002", """{"requireCharacterClasses":["symbol"]}""");

        var findings = Scan(Csv(Custodian2016), null, p => p.PasswordPolicy = Strong, engine);

        findings.Should().ContainSingle(f => f.RuleId == "IAM0001").Which.Message.Should().Contain("IAM6002").And.Contain("symbol");
    }
}
