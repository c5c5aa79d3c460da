using System.Collections.Immutable;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Rules;
using static IamSnapshot.Tests.AccountParts.AccountPartsFormatTests;
using static IamSnapshot.Tests.Credentials.CredentialScenario;
using static IamSnapshot.Tests.Credentials.CredentialTestData;

namespace IamSnapshot.Tests.Rules;

/// <summary>
/// IAM3014/IAM3015 with key ids, IAM2012/IAM2013 (OIDC trust material) and IAM4013 (expired server certificates):
/// each with a case that fires and a benign twin that must not.
/// </summary>
public class AccountPartsRuleTests
{
    private static AccessKeyMetadata OpsKey(string id, string status = "Active") =>
        new() { UserName = "ops-01", AccessKeyId = id, Status = status, CreateDate = new DateTimeOffset(2016, 11, 15, 18, 46, 51, TimeSpan.Zero) };

    /// <summary>The real 2017 report in both snapshots (so the report alone shows no key change), with these keys.</summary>
    private static ImmutableArray<Finding> WithKeys(ImmutableArray<AccessKeyMetadata> before, ImmutableArray<AccessKeyMetadata> after, string? afterCsv = null)
    {
        var csv = Csv(Custodian2017);
        var diff = SnapshotDiffer.Compare(Snapshot(csv, parts: p => p.AccessKeys = before), Snapshot(afterCsv ?? csv, parts: p => p.AccessKeys = after));
        return RuleEngine.Default.Analyze(diff);
    }

    private static ImmutableArray<Finding> Findings(Action<OptionalParts> before, Action<OptionalParts> after) =>
        RuleEngine.Default.Analyze(SnapshotDiffer.Compare(Account(before), Account(after)));

    /// <summary>Two users, captured 2026-12-01, with these parts.</summary>
    private static AccountSnapshot Account(Action<OptionalParts> parts) => AccountParts.AccountPartsFormatTests.Snapshot(parts);

    [Fact]
    public void IAM3014_KeyReplacedWithTheSameCreationDay_FiresWithTheNewKeyId()
    {
        // The report (taken earlier) still shows the old key; the key ids show it was replaced.
        var findings = WithKeys([OpsKey("AKIAOPSOLD")], [OpsKey("AKIAOPSNEW")]);

        var finding = findings.Should().ContainSingle(f => f.RuleId.StartsWith("IAM3", StringComparison.Ordinal)).Which;
        finding.RuleId.Should().Be("IAM3014");
        finding.Arn.Should().Be("arn:aws:iam::210987654321:user/ops-01");
        finding.PropertyPath.Should().Be("/credentials/accessKeys/AKIAOPSNEW");
        finding.Message.Should().Be("User ops-01 has a new active access key (AKIAOPSNEW, created 2016-11-15T18:46:51Z)");
    }

    [Fact]
    public void IAM3014_KeyDeactivated_IsNotANewKey()
    {
        var findings = WithKeys([OpsKey("AKIAOPS1")], [OpsKey("AKIAOPS1", "Inactive")]);

        findings.Should().NotContain(f => f.RuleId == "IAM3014" || f.RuleId == "IAM3015");
    }

    [Fact]
    public void IAM3014_NewKeyInTheReportButSameKeyIds_KeyIdsWin()
    {
        // A report column says "new key" (a key that moved column after a deletion, say); the key ids say nothing changed.
        var after = Edit(Csv(Custodian2017), "ops-01", ("access_key_1_last_rotated", "2016-11-30T08:00:00+00:00"), ("access_key_1_last_used_date", "N/A"));

        var findings = WithKeys([OpsKey("AKIAOPS1")], [OpsKey("AKIAOPS1")], after);

        findings.Should().NotContain(f => f.RuleId == "IAM3014");
    }

    [Fact]
    public void IAM3015_InactiveKeyIdActiveAgain_Fires()
    {
        var findings = WithKeys([OpsKey("AKIAOPS1", "Inactive")], [OpsKey("AKIAOPS1")]);

        var finding = findings.Should().ContainSingle(f => f.RuleId == "IAM3015").Which;
        finding.PropertyPath.Should().Be("/credentials/accessKeys/AKIAOPS1/status");
        finding.Message.Should().Be("User ops-01's access key AKIAOPS1 (created 2016-11-15) was inactive and is active again");
        findings.Should().NotContain(f => f.RuleId == "IAM3014");
    }

    [Fact]
    public void IAM2012_ClientIdAddedToAnExistingProvider_Fires()
    {
        var findings = Findings(
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["aaaa"])],
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com", "0oa-other-app"], ["aaaa"])]);

        var finding = findings.Should().ContainSingle().Which;
        finding.RuleId.Should().Be("IAM2012");
        finding.Severity.Should().Be(Severity.Medium);
        finding.Arn.Should().Be("arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com");
        finding.Message.Should().Be("OpenID Connect provider token.actions.githubusercontent.com now accepts tokens issued for the client id 0oa-other-app");
        finding.PropertyPath.Should().EndWith("/clientIds/0oa-other-app");
    }

    [Fact]
    public void IAM2012_ClientIdRemovedOrNewProvider_DoesNotFire()
    {
        var removed = Findings(
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com", "old-app"], ["aaaa"])],
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["aaaa"])]);
        var created = Findings(p => p.OpenIdConnectProviders = [], p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com", "x"], ["aaaa"])]);

        removed.Should().BeEmpty();
        created.Should().NotContain(f => f.RuleId == "IAM2012" || f.RuleId == "IAM2013");
    }

    [Fact]
    public void IAM2013_ThumbprintReplaced_FiresNamingTheOldOne()
    {
        var findings = Findings(
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["6938fd4d98bab03faadb97b34396831e3780aea1"])],
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["ffffffffffffffffffffffffffffffffffffffff"])]);

        var finding = findings.Should().ContainSingle().Which;
        finding.RuleId.Should().Be("IAM2013");
        finding.Message.Should().Be("OpenID Connect provider token.actions.githubusercontent.com trusts a new server-certificate thumbprint ffffffffffffffffffffffffffffffffffffffff (replacing 6938fd4d98bab03faadb97b34396831e3780aea1)");
        finding.Subject.Should().Be("thumbprint ffffffffffffffffffffffffffffffffffffffff");
    }

    [Fact]
    public void IAM2013_ThumbprintRemovedOrRecased_DoesNotFire()
    {
        var removed = Findings(
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["aaaa", "bbbb"])],
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["aaaa"])]);
        var recased = Findings(
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["ABCD"])],
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["abcd"])]);

        removed.Should().BeEmpty();
        recased.Should().BeEmpty();
    }

    [Fact]
    public void IAM2012_IAM2013_DetailsOnOneSideOnly_DoNotFire()
    {
        var findings = Findings(p => p.OpenIdConnectProviders = [Oidc(null, null)], p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["aaaa"])]);

        findings.Should().BeEmpty("unknown details are not new trust");
    }

    [Fact]
    public void IAM4013_CertificateExpiredAtCaptureTime_Fires()
    {
        var snapshot = Account(p => p.ServerCertificates = [Certificate("legacy", expiresYear: 2019), Certificate("www", expiresYear: 2030)]);

        var finding = RuleEngine.Default.Scan(snapshot).Should().ContainSingle(f => f.RuleId == "IAM4013").Which;

        finding.Arn.Should().Be("arn:aws:iam::210987654321:server-certificate/elb/legacy");
        finding.Message.Should().Be("Server certificate legacy expired on 2019-05-01, 2771 day(s) before the capture");
        finding.PropertyPath.Should().Be("/serverCertificates/arn:aws:iam::210987654321:server-certificate~1elb~1legacy");
    }

    [Fact]
    public void IAM4013_ValidAtCaptureTimeOrCaptureTimeUnknown_DoesNotFire()
    {
        // Expired by today's clock, but not when the snapshot was taken: the capture time is what counts.
        var early = Account(p => p.ServerCertificates = [Certificate("legacy", expiresYear: 2019)]);
        var taken2018 = new OptionalParts { ServerCertificates = early.ServerCertificates }.ApplyTo(early, early.Metadata with { CapturedAt = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        var unknown = new OptionalParts { ServerCertificates = early.ServerCertificates }.ApplyTo(early, early.Metadata with { CapturedAt = null });

        RuleEngine.Default.Scan(taken2018).Should().NotContain(f => f.RuleId == "IAM4013");
        RuleEngine.Default.Scan(unknown).Should().NotContain(f => f.RuleId == "IAM4013");
    }
}
