using System.Collections.Immutable;
using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Tests.Support;
using static IamSnapshot.Tests.Credentials.CredentialScenario;
using static IamSnapshot.Tests.Credentials.CredentialTestData;

namespace IamSnapshot.Tests.Credentials;

/// <summary>The differ on the account-level parts: credential rows per user, the root row and the account settings.</summary>
public class CredentialDiffTests
{
    private const string Account2017 = "arn:aws:iam::210987654321";

    private static SnapshotDiff Diff(string before, string after, JsonObject? authzBefore = null, JsonObject? authzAfter = null) =>
        SnapshotDiffer.Compare(Snapshot(before, authzBefore), Snapshot(after, authzAfter));

    public static TheoryData<string> Reports => new([CloudMapperJson, .. CsvFiles]);

    [Theory]
    [MemberData(nameof(Reports))]
    public void Compare_SameReport_IsEmpty(string name)
    {
        var snapshot = Snapshot(Csv(name));

        var diff = SnapshotDiffer.Compare(snapshot, snapshot);

        diff.IsEmpty.Should().BeTrue();
        diff.Notes.Should().BeEmpty();
    }

    [Fact]
    public void Compare_OnlyLastUsedColumnsMoved_IsNoChange()
    {
        var before = Csv(Custodian2017);
        var after = Edit(before, "dev-05",
            ("password_last_used", "2016-12-01T10:00:00+00:00"),
            ("access_key_1_last_used_date", "2016-12-01T10:00:00+00:00"),
            ("access_key_1_last_used_region", "eu-west-1"),
            ("access_key_1_last_used_service", "lambda"),
            ("password_next_rotation", "2017-03-01T00:00:00+00:00"));
        after = Edit(after, "<root_account>", ("password_last_used", "2016-12-01T09:00:00+00:00"));

        Diff(before, after).IsEmpty.Should().BeTrue("last-used dates and the next rotation are noise, never changes (CH16)");
    }

    [Fact]
    public void Compare_KeyCreatedOnJoinedUser_IsACredentialChangeOnTheUser()
    {
        var before = Csv(Custodian2017);
        var after = Edit(before, "c7n-test", ("access_key_1_active", "true"), ("access_key_1_last_rotated", "2016-11-30T08:00:00+00:00"));

        var diff = Diff(before, after);

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Kind.Should().Be(ChangeKind.Modified);
        change.EntityType.Should().Be(EntityKind.User);
        change.Arn.Should().Be(Account2017 + ":user/c7n-test");
        change.Before.Should().BeOfType<IamUser>();
        change.After.Should().BeOfType<IamUser>();
        change.Properties.Should().Equal(
            new PropertyChange("/credentials/accessKey1/active", ChangeCategory.Credentials, "false", "true"),
            new PropertyChange("/credentials/accessKey1/lastRotated", ChangeCategory.Credentials, "\"N/A\"", "\"2016-11-30T08:00:00Z\""));
    }

    [Fact]
    public void Compare_PasswordMfaAndCertificate_HaveTheirPaths()
    {
        var before = Csv(Custodian2017);
        var after = Edit(before, "c7n-iam-test", ("password_enabled", "true"), ("password_last_changed", "2016-11-30T08:00:00+00:00"), ("mfa_active", "true"), ("cert_2_active", "true"), ("cert_2_last_rotated", "2016-11-30T08:00:00+00:00"));

        var paths = Diff(before, after).Changes.Single().Properties.Select(p => (p.Path, p.OldValue, p.NewValue));

        paths.Should().Equal(
            ("/credentials/certificate2/active", "false", "true"),
            ("/credentials/certificate2/lastRotated", "\"N/A\"", "\"2016-11-30T08:00:00Z\""),
            ("/credentials/mfaActive", "false", "true"),
            ("/credentials/password/enabled", "false", "true"),
            ("/credentials/password/lastChanged", "\"N/A\"", "\"2016-11-30T08:00:00Z\""));
    }

    [Fact]
    public void Compare_CredentialAndEntityChangeOnOneUser_AreOneChange()
    {
        var csv = Csv(Custodian2017);
        var after = Edit(csv, "dev-01", ("mfa_active", "false"));
        var authzAfter = AuthzFor(csv);
        authzAfter["UserDetailList"]!.AsArray().Single(u => (string)u!["UserName"]! == "dev-01")!["GroupList"]!.AsArray().Add("admins");

        var diff = Diff(csv, after, authzAfter: authzAfter);

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Properties.Select(p => (p.Path, p.Category)).Should().Equal(
            ("/credentials/mfaActive", ChangeCategory.Credentials),
            ("/groups/admins", ChangeCategory.Membership));
    }

    [Fact]
    public void Compare_DuplicateRow_OnlyTheKeptFirstRowCounts()
    {
        var before = Csv(Custodian2017);
        var editedDuplicate = EditRow(before, "ops-03", 1, ("access_key_1_active", "false"));
        var editedKept = EditRow(before, "ops-03", 0, ("access_key_1_active", "true"), ("access_key_1_last_rotated", "2016-11-30T08:00:00+00:00"));

        Diff(before, editedDuplicate).IsEmpty.Should().BeTrue("the second ops-03 row is a duplicate; the first row is the user's row");
        Diff(before, editedKept).Changes.Should().ContainSingle().Which.Arn.Should().Be(Account2017 + ":user/ops-03");
    }

    [Fact]
    public void Compare_RootRowChange_IsOnTheAccountChange()
    {
        var before = Csv(Custodian2016);
        var after = Edit(before, "<root_account>", ("access_key_1_active", "false"), ("cert_1_active", "false"), ("mfa_active", "true"));

        var diff = Diff(before, after);

        var change = diff.Changes.Should().ContainSingle().Which;
        change.EntityType.Should().Be(EntityKind.Account);
        change.Arn.Should().Be("arn:aws:iam::135792468013:root");
        change.Name.Should().Be("135792468013");
        change.Before.Should().BeNull();
        change.Properties.Select(p => p.Path).Should().Equal("/credentials/accessKey1/active", "/credentials/certificate1/active", "/credentials/mfaActive");
        change.Properties.Should().OnlyContain(p => p.Category == ChangeCategory.Credentials);
    }

    [Fact]
    public void Compare_RootRowOldToNewSemantics_NotSupportedIsNoChange()
    {
        var before = Csv(Synthetic2022);
        var after = Edit(before, "<root_account>", ("password_enabled", "true"), ("password_last_changed", "2022-02-14T09:12:40+00:00"));

        Diff(before, after).IsEmpty.Should().BeTrue("not_supported is AWS not saying, not the account changing");
    }

    [Fact]
    public void Compare_CredentialOnlyUser_GetsAUserChangeWithoutEntities()
    {
        var before = Csv(Custodian2016);
        var after = Edit(before, "Hazmat", ("access_key_1_active", "false"));
        var authz = AuthzFor(before, "Hazmat");

        var change = Diff(before, after, authz, authz).Changes.Should().ContainSingle().Which;

        change.EntityType.Should().Be(EntityKind.User);
        change.Arn.Should().Be("arn:aws:iam::135792468013:user/Hazmat");
        change.Before.Should().BeNull();
        change.After.Should().BeNull();
        change.Name.Should().Be("Hazmat");
        change.Properties.Should().ContainSingle(p => p.Path == "/credentials/accessKey1/active" && p.NewValue == "false");
    }

    [Fact]
    public void Compare_RowInOnlyOneReport_IsANoteNotAChange()
    {
        var after = Csv(Custodian2016);
        var before = RemoveRows(after, "tyre");

        var diff = Diff(before, after, AuthzFor(after), AuthzFor(after));

        diff.IsEmpty.Should().BeTrue();
        diff.Notes.Should().ContainSingle().Which.Should().Contain("only one snapshot").And.Contain("user/tyre");
    }

    [Fact]
    public void Compare_NewUser_CredentialsAreNotListedAsChanges()
    {
        var before = Csv(Custodian2016);
        var after = CopyRow(before, "dev-11", "newcomer");

        var diff = Diff(before, after);

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Kind.Should().Be(ChangeKind.Added);
        change.Properties.Should().BeEmpty();
        diff.Notes.Should().BeEmpty();
    }

    [Fact]
    public void Compare_RenamedUser_ComparesTheOldRowWithTheNewOne()
    {
        var before = Csv(Custodian2016);
        var renamed = before.Replace("user/rome", "user/italy/rome", StringComparison.Ordinal);
        var after = Edit(renamed, "rome", ("access_key_1_active", "false"));

        var change = Diff(before, after).Changes.Should().ContainSingle().Which;

        change.Kind.Should().Be(ChangeKind.Renamed);
        change.Properties.Select(p => p.Path).Should().Equal("/credentials/accessKey1/active", "/path");
    }

    [Fact]
    public void Compare_ReportOnOneSideOnly_IsANote()
    {
        var csv = Csv(Custodian2016);
        var withReport = Snapshot(csv);
        var without = Snapshot(csv, parts: p => p.CredentialReport = null);

        var diff = SnapshotDiffer.Compare(without, withReport);

        diff.IsEmpty.Should().BeTrue();
        diff.Notes.Should().ContainSingle().Which.Should().Be("The before snapshot has no credential report; credentials were not compared.");
    }

    [Fact]
    public void Compare_PasswordPolicyWeakenedAndRemoved_AreAccountSettings()
    {
        var strong = new PasswordPolicy { MinimumPasswordLength = 14, RequireSymbols = true, PasswordReusePrevention = 24 };
        var csv = Csv(Custodian2016);
        var a = Snapshot(csv, parts: p => p.PasswordPolicy = strong);
        var b = Snapshot(csv, parts: p => p.PasswordPolicy = strong with { MinimumPasswordLength = 8, RequireSymbols = false });
        var c = Snapshot(csv, parts: p => p.PasswordPolicy = PasswordPolicy.NotSet);

        var weakened = SnapshotDiffer.Compare(a, b).Changes.Should().ContainSingle().Which;
        var removed = SnapshotDiffer.Compare(a, c).Changes.Should().ContainSingle().Which;

        weakened.EntityType.Should().Be(EntityKind.Account);
        weakened.Arn.Should().Be("arn:aws:iam::135792468013:root");
        weakened.Properties.Should().Equal(
            new PropertyChange("/passwordPolicy/minimumPasswordLength", ChangeCategory.AccountSettings, "14", "8"),
            new PropertyChange("/passwordPolicy/requireSymbols", ChangeCategory.AccountSettings, "true", "false"));
        removed.Properties.Should().Contain(new PropertyChange("/passwordPolicy/isSet", ChangeCategory.AccountSettings, "true", "false"))
            .And.Contain(p => p.Path == "/passwordPolicy/passwordReusePrevention" && p.IsRemoval);
    }

    [Fact]
    public void Compare_AliasesProvidersAndMfaDevices_AreComparedWhenBothHaveThem()
    {
        const string Id = "135792468013";
        var csv = Csv(Custodian2016);
        var a = Snapshot(csv, parts: p =>
        {
            p.AccountAliases = ["old-alias"];
            p.OpenIdConnectProviders = [new OpenIdConnectProvider { Arn = $"arn:aws:iam::{Id}:oidc-provider/token.actions.githubusercontent.com" }];
            p.SamlProviders = [new SamlProvider { Arn = $"arn:aws:iam::{Id}:saml-provider/Okta", ValidUntil = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) }];
            p.VirtualMfaDevices = [new VirtualMfaDevice { SerialNumber = $"arn:aws:iam::{Id}:mfa/rome", UserArn = $"arn:aws:iam::{Id}:user/rome", EnableDate = new DateTimeOffset(2016, 11, 25, 10, 0, 0, TimeSpan.Zero) }];
        });
        var b = Snapshot(csv, parts: p =>
        {
            p.AccountAliases = ["new-alias"];
            p.OpenIdConnectProviders = [];
            p.SamlProviders = [new SamlProvider { Arn = $"arn:aws:iam::{Id}:saml-provider/Okta", ValidUntil = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero) }];
            p.VirtualMfaDevices = [new VirtualMfaDevice { SerialNumber = $"arn:aws:iam::{Id}:mfa/rome" }];
        });

        var change = SnapshotDiffer.Compare(a, b).Changes.Should().ContainSingle().Which;

        change.Properties.Select(p => (p.Path, p.Category, p.OldValue, p.NewValue)).Should().Equal(
            ("/accountAliases/new-alias", ChangeCategory.AccountSettings, null, "\"new-alias\""),
            ("/accountAliases/old-alias", ChangeCategory.AccountSettings, "\"old-alias\"", null),
            ($"/identityProviders/openIdConnect/arn:aws:iam::{Id}:oidc-provider~1token.actions.githubusercontent.com", ChangeCategory.AccountSettings, $"\"arn:aws:iam::{Id}:oidc-provider/token.actions.githubusercontent.com\"", null),
            ($"/identityProviders/saml/arn:aws:iam::{Id}:saml-provider~1Okta", ChangeCategory.AccountSettings, "{\"validUntil\":\"2030-01-01T00:00:00Z\"}", "{\"validUntil\":\"2031-01-01T00:00:00Z\"}"),
            ($"/mfaDevices/arn:aws:iam::{Id}:mfa~1rome", ChangeCategory.Credentials, $"{{\"userArn\":\"arn:aws:iam::{Id}:user/rome\",\"enableDate\":\"2016-11-25T10:00:00Z\"}}", "{}"));
        foreach (var property in change.Properties)
        {
            foreach (var json in new[] { property.OldValue, property.NewValue }.OfType<string>())
            {
                JsonNode.Parse(json).Should().NotBeNull("property values are JSON text");
            }
        }
    }

    [Fact]
    public void Compare_AccountPartsOnOneSideOnly_AreNotes()
    {
        var csv = Csv(Custodian2016);
        var a = Snapshot(csv);
        var b = Snapshot(csv, parts: p =>
        {
            p.PasswordPolicy = PasswordPolicy.NotSet;
            p.AccountAliases = ImmutableArray<string>.Empty;
            p.VirtualMfaDevices = ImmutableArray<VirtualMfaDevice>.Empty;
        });

        var diff = SnapshotDiffer.Compare(a, b);

        diff.IsEmpty.Should().BeTrue();
        diff.Notes.Should().HaveCount(3).And.OnlyContain(n => n.StartsWith("The before snapshot has no ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compare_TwoImportedFolders_ShowsTheCredentialChangeOfAJoinedUser()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var csv = Csv(Custodian2017);
        File.WriteAllText(first.File("get-account-authorization-details.json"), AuthzFor(csv).ToJsonString());
        File.WriteAllText(second.File("get-account-authorization-details.json"), AuthzFor(csv).ToJsonString());
        File.WriteAllText(first.File("get-credential-report.json"), CliJson(csv, "2016-11-26T10:00:00+00:00"));
        File.WriteAllText(second.File("get-credential-report.json"), CliJson(Edit(csv, "ops-02", ("mfa_active", "false")), "2016-11-27T10:00:00+00:00"));

        var diff = SnapshotDiffer.Compare(await IamSnapshot.Sources.SnapshotFile.LoadAsync(first.Path), await IamSnapshot.Sources.SnapshotFile.LoadAsync(second.Path));

        diff.Changes.Should().ContainSingle().Which.Properties.Should().ContainSingle()
            .Which.Should().Be(new PropertyChange("/credentials/mfaActive", ChangeCategory.Credentials, "true", "false"));
    }
}
