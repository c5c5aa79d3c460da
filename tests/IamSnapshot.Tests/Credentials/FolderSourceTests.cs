using System.Text;
using IamSnapshot.Model;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;
using static IamSnapshot.Tests.Credentials.CredentialTestData;

namespace IamSnapshot.Tests.Credentials;

public class FolderSourceTests
{
    private static readonly DateTimeOffset DemoGenerated = new(2019, 5, 7, 15, 40, 22, TimeSpan.Zero);

    /// <summary>A user the CloudMapper report has, in an authorization-details dump that also has a user the report lacks.</summary>
    private const string SmallAuthz = """
        {
          "UserDetailList": [
            {"UserName": "user", "UserId": "AIDAEXAMPLE1", "Arn": "arn:aws:iam::123456789012:user/user", "Path": "/", "CreateDate": "2018-05-07T15:35:54Z", "GroupList": [], "AttachedManagedPolicies": []},
            {"UserName": "auditor_tmp", "UserId": "AIDAEXAMPLE2", "Arn": "arn:aws:iam::123456789012:user/auditor_tmp", "Path": "/", "CreateDate": "2019-05-07T15:35:54Z", "GroupList": [], "AttachedManagedPolicies": []}
          ],
          "GroupDetailList": [], "RoleDetailList": [], "Policies": []
        }
        """;

    private static void Copy(TempFolder folder, string source, string name) => File.Copy(source, folder.File(name));

    private static void Write(TempFolder folder, string name, string text) => File.WriteAllText(folder.File(name), text);

    [Fact]
    public async Task Load_CloudMapperDemoWithIamPrefixedNames_JoinsReportAndKeepsCredentialOnlyRows()
    {
        using var folder = new TempFolder();
        Copy(folder, TestFiles.CloudMapperDemo, "iam-get-account-authorization-details.json");
        Copy(folder, PathOf(CloudMapperJson), "iam-get-credential-report.json");
        Write(folder, "ec2-describe-instances.json", "{}");
        var warnings = new List<SnapshotWarning>();

        var snapshot = await new SnapshotFolderSource(folder.Path, new ImportOptions { OnWarning = warnings.Add }).LoadAsync();

        snapshot.Metadata.Source.Should().Be("aws-cli:folder");
        snapshot.Metadata.CapturedAt.Should().Be(DemoGenerated, "without --captured-at the report's generation time is used");
        snapshot.Metadata.AccountId.Should().Be("123456789012");
        snapshot.Metadata.Parts.Should().Be(SnapshotParts.AuthorizationDetails | SnapshotParts.CredentialReport);
        snapshot.Users.Select(u => u.Name).Should().BeEquivalentTo("USER", "USER_WITH_BAD_INLINE_POLICY");
        snapshot.Roles.Should().HaveCount(4);
        var report = snapshot.CredentialReport!;
        report.Root!.AccessKey1.Active.Should().BeTrue();
        report.Users.Select(u => u.UserName).Should().Equal("auditor_tmp", "user");
        snapshot.PasswordPolicy.Should().BeNull();
        snapshot.AccountSummary.Should().BeNull();

        // The demo's user ARNs say "aws" where the account id should be, so no report row matches a user.
        warnings.Where(w => w.Message.Contains("credential-only", StringComparison.Ordinal)).Select(w => w.Message)
            .Should().HaveCount(2).And.Contain(m => m.StartsWith("arn:aws:iam::123456789012:user/user ", StringComparison.Ordinal));
        warnings.Where(w => w.Message.Contains("has no row", StringComparison.Ordinal)).Should().HaveCount(2);
        warnings.Should().OnlyContain(w => w.FilePath == folder.File("iam-get-credential-report.json"));
    }

    [Fact]
    public async Task Load_CloudMapperDemo_ThroughSnapshotFileAndSaveRoundTrips()
    {
        using var folder = new TempFolder();
        Copy(folder, TestFiles.CloudMapperDemo, "iam-get-account-authorization-details.json");
        Copy(folder, PathOf(CloudMapperJson), "iam-get-credential-report.json");

        var imported = await SnapshotFile.LoadAsync(folder.Path);
        var bytes = SnapshotFile.ToBytes(imported);
        var reloaded = SnapshotFile.Load(bytes, "saved.json");

        reloaded.CredentialReport!.Entries.Should().Equal(imported.CredentialReport!.Entries);
        reloaded.CredentialReport.GeneratedAt.Should().Be(DemoGenerated);
        reloaded.Metadata.Should().Be(imported.Metadata);
        SnapshotFile.ToBytes(reloaded).Should().Equal(bytes);
        SnapshotFile.ToBytes(await SnapshotFile.LoadAsync(folder.Path)).Should().Equal(bytes, "re-importing a folder is byte-identical");
    }

    [Fact]
    public async Task Load_EveryCliOutput_FillsEveryPart()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", SmallAuthz);
        Write(folder, "get-credential-report.json", CliJson(Csv(CloudMapperJson), "2019-05-07T15:40:22+00:00"));
        Write(folder, "get-account-password-policy.json", """{"PasswordPolicy":{"MinimumPasswordLength":14,"RequireSymbols":true,"ExpirePasswords":false}}""");
        Write(folder, "get-account-summary.json", """{"SummaryMap":{"Users":2,"AccountMFAEnabled":1,"AccountAccessKeysPresent":1}}""");
        Write(folder, "list-account-aliases.json", """{"AccountAliases":["demo"]}""");
        Write(folder, "list-open-id-connect-providers.json", """{"OpenIDConnectProviderList":[{"Arn":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}]}""");
        Write(folder, "list-saml-providers.json", """{"SAMLProviderList":[]}""");
        Write(folder, "list-virtual-mfa-devices.json", """{"VirtualMFADevices":[{"SerialNumber":"arn:aws:iam::123456789012:mfa/root-account-mfa-device","User":{"Arn":"arn:aws:iam::123456789012:root"},"EnableDate":"2018-08-12T17:30:00Z"}]}""");
        var warnings = new List<SnapshotWarning>();

        var snapshot = await SnapshotFile.LoadAsync(folder.Path, new ImportOptions { OnWarning = warnings.Add });

        warnings.Should().BeEmpty("every report row matches a user");
        snapshot.Metadata.Parts.Should().Be(
            SnapshotParts.AuthorizationDetails | SnapshotParts.CredentialReport | SnapshotParts.PasswordPolicy
            | SnapshotParts.AccountSummary | SnapshotParts.AccountAliases | SnapshotParts.IdentityProviders | SnapshotParts.MfaDevices);
        snapshot.CredentialReport!.FindUser(snapshot.Users[0].Arn).Should().NotBeNull();
        snapshot.PasswordPolicy!.MinimumPasswordLength.Should().Be(14);
        snapshot.AccountSummary!.AccountMfaEnabled.Should().BeTrue();
        snapshot.AccountAliases.Should().Equal("demo");
        snapshot.OpenIdConnectProviders!.Value.Should().ContainSingle();
        snapshot.SamlProviders!.Value.Should().BeEmpty();
        snapshot.VirtualMfaDevices!.Value.Single().UserArn.Should().Be("arn:aws:iam::123456789012:root");
        snapshot.Metadata.CapturedAt.Should().Be(DemoGenerated);
    }

    [Fact]
    public async Task Load_CapturedAtOption_WinsOverTheReportTime()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", SmallAuthz);
        Write(folder, "get-credential-report.json", CliJson(Csv(CloudMapperJson)));
        var captured = new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

        var snapshot = await SnapshotFile.LoadAsync(folder.Path, new ImportOptions { CapturedAt = captured });

        snapshot.Metadata.CapturedAt.Should().Be(captured);
    }

    [Fact]
    public async Task Load_CsvReportHasNoGenerationTime_CaptureTimeIsUnknown()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", SmallAuthz);
        Write(folder, "credential-report.csv", Csv(CloudMapperJson));

        var snapshot = await SnapshotFile.LoadAsync(folder.Path);

        snapshot.Metadata.CapturedAt.Should().BeNull();
        snapshot.CredentialReport!.Users.Should().HaveCount(2);
    }

    [Fact]
    public async Task Load_NoPasswordPolicyAndEmptyPolicyFile_AreTold()
    {
        using var notSet = new TempFolder();
        Write(notSet, "get-account-authorization-details.json", SmallAuthz);
        Write(notSet, "get-account-password-policy.json", "{}");
        using var empty = new TempFolder();
        Write(empty, "get-account-authorization-details.json", SmallAuthz);
        Write(empty, "get-account-password-policy.json", string.Empty);
        var warnings = new List<SnapshotWarning>();

        var a = await SnapshotFile.LoadAsync(notSet.Path);
        var b = await SnapshotFile.LoadAsync(empty.Path, new ImportOptions { OnWarning = warnings.Add });

        a.PasswordPolicy.Should().BeSameAs(PasswordPolicy.NotSet);
        a.Metadata.Has(SnapshotParts.PasswordPolicy).Should().BeTrue();
        b.PasswordPolicy.Should().BeNull();
        b.Metadata.Has(SnapshotParts.PasswordPolicy).Should().BeFalse();
        warnings.Should().ContainSingle().Which.FilePath.Should().Be(empty.File("get-account-password-policy.json"));
    }

    [Fact]
    public async Task Load_DifferentAccounts_AreWarnedAbout()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", SmallAuthz);
        Write(folder, "credential-report.csv", Csv(Custodian2016));
        var warnings = new List<SnapshotWarning>();

        var snapshot = await SnapshotFile.LoadAsync(folder.Path, new ImportOptions { OnWarning = warnings.Add });

        snapshot.Metadata.AccountId.Should().Be("123456789012");
        warnings.Should().Contain(w => w.Message.Contains("account 135792468013", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_NoAuthorizationDetails_NamesTheFolderAndTheFile()
    {
        using var folder = new TempFolder();
        Write(folder, "credential-report.csv", Csv(Custodian2016));

        var act = () => SnapshotFile.LoadAsync(folder.Path);

        var ex = (await act.Should().ThrowAsync<SnapshotFormatException>()).Which;
        ex.FilePath.Should().Be(folder.Path);
        ex.Message.Should().Contain("get-account-authorization-details.json");
    }

    [Fact]
    public async Task Load_TwoFilesForOnePart_IsAnError()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", SmallAuthz);
        Write(folder, "credential-report.csv", Csv(Custodian2016));
        Write(folder, "get-credential-report.json", CliJson(Csv(Custodian2016)));

        var act = () => SnapshotFile.LoadAsync(folder.Path);

        (await act.Should().ThrowAsync<SnapshotFormatException>()).Which.Message
            .Should().Contain("credential-report.csv").And.Contain("get-credential-report.json");
    }

    [Fact]
    public async Task Load_BadFileInFolder_NamesThatFileAndPlace()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", SmallAuthz);
        var lines = Lines(Csv(Custodian2016));
        lines[3] = lines[3].Replace(",false,", ",nope,", StringComparison.Ordinal);
        Write(folder, "credential-report.csv", string.Join("\r\n", lines));

        var act = () => SnapshotFile.LoadAsync(folder.Path);

        var ex = (await act.Should().ThrowAsync<SnapshotFormatException>()).Which;
        ex.FilePath.Should().Be(folder.File("credential-report.csv"));
        ex.Line.Should().Be(4);
        ex.Found.Should().Be("nope");
    }

    [Fact]
    public async Task Load_Utf16PasswordPolicyFile_IsRead()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", SmallAuthz);
        File.WriteAllText(folder.File("get-account-password-policy.json"), """{"PasswordPolicy":{"MinimumPasswordLength":16}}""", Encoding.Unicode);

        var snapshot = await SnapshotFile.LoadAsync(folder.Path);

        snapshot.PasswordPolicy!.MinimumPasswordLength.Should().Be(16);
    }
}
