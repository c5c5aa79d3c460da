using System.Collections.Immutable;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using static IamSnapshot.Tests.AccountParts.AccountPartsFormatTests;

namespace IamSnapshot.Tests.AccountParts;

/// <summary>The differ on access keys (by key id), OIDC provider details and server certificates.</summary>
public class AccountPartsDiffTests
{
    private const string Alice = "arn:aws:iam::210987654321:user/alice";
    private const string Bob = "arn:aws:iam::210987654321:user/bob";
    private const string GitHubPath = "/identityProviders/openIdConnect/arn:aws:iam::210987654321:oidc-provider~1token.actions.githubusercontent.com";

    private static SnapshotDiff Diff(Action<OptionalParts> before, Action<OptionalParts> after) =>
        SnapshotDiffer.Compare(Snapshot(before), Snapshot(after));

    [Fact]
    public void Compare_SameKeys_IsEmpty()
    {
        var diff = Diff(p => p.AccessKeys = [Key("alice", "AKIAA1")], p => p.AccessKeys = [Key("alice", "AKIAA1")]);

        diff.IsEmpty.Should().BeTrue();
        diff.Notes.Should().BeEmpty();
    }

    [Fact]
    public void Compare_KeyReplaced_ShowsTheOldIdRemovedAndTheNewOneAdded()
    {
        var diff = Diff(p => p.AccessKeys = [Key("alice", "AKIAOLD")], p => p.AccessKeys = [Key("alice", "AKIANEW", day: 9)]);

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Arn.Should().Be(Alice);
        change.Kind.Should().Be(ChangeKind.Modified);
        change.Before.Should().NotBeNull();
        change.Properties.Should().Equal(
            new PropertyChange("/credentials/accessKeys/AKIANEW", ChangeCategory.Credentials, null, """{"status":"Active","createDate":"2026-01-09T00:00:00Z"}"""),
            new PropertyChange("/credentials/accessKeys/AKIAOLD", ChangeCategory.Credentials, """{"status":"Active","createDate":"2026-01-01T00:00:00Z"}""", null));
    }

    [Fact]
    public void Compare_StatusChange_IsOneStatusProperty()
    {
        var diff = Diff(p => p.AccessKeys = [Key("bob", "AKIAB1"), Key("alice", "AKIAA1")], p => p.AccessKeys = [Key("bob", "AKIAB1", "Inactive"), Key("alice", "AKIAA1")]);

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Arn.Should().Be(Bob);
        change.Properties.Should().Equal(new PropertyChange("/credentials/accessKeys/AKIAB1/status", ChangeCategory.Credentials, "\"Active\"", "\"Inactive\""));
    }

    [Fact]
    public void Compare_RenamedUser_KeepsItsKeysAndReportsOnlyTheRename()
    {
        var before = Users(("alice", "AIDAALICE"));
        var after = Users(("alice2", "AIDAALICE"));

        var diff = SnapshotDiffer.Compare(With(before, [Key("alice", "AKIAA1")]), With(after, [Key("alice2", "AKIAA1")]));

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Kind.Should().Be(ChangeKind.Renamed);
        change.Properties.Should().NotContain(p => p.Path.StartsWith("/credentials/", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_RenamedUserWithANewKey_PutsTheKeyOnTheRenameChange()
    {
        var diff = SnapshotDiffer.Compare(
            With(Users(("alice", "AIDAALICE")), [Key("alice", "AKIAA1")]),
            With(Users(("alice2", "AIDAALICE")), [Key("alice2", "AKIAA1"), Key("alice2", "AKIAA2")]));

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Kind.Should().Be(ChangeKind.Renamed);
        change.Properties.Should().ContainSingle(p => p.Path == "/credentials/accessKeys/AKIAA2" && p.IsAddition);
    }

    [Fact]
    public void Compare_NewUsersKeys_AreLeftToTheUserChange()
    {
        var diff = SnapshotDiffer.Compare(With(Users(("alice", "AIDAA")), []), With(Users(("alice", "AIDAA"), ("carol", "AIDAC")), [Key("carol", "AKIAC1")]));

        diff.Changes.Should().ContainSingle().Which.Kind.Should().Be(ChangeKind.Added);
        diff.Changes[0].Properties.Should().BeEmpty();
    }

    [Fact]
    public void Compare_KeysOnOneSideOnly_IsANoteNotAChange()
    {
        var diff = Diff(_ => { }, p => p.AccessKeys = [Key("alice", "AKIAA1")]);

        diff.IsEmpty.Should().BeTrue();
        diff.Notes.Should().ContainSingle().Which.Should().Be("The before snapshot has no access-key metadata; access keys were not compared.");
    }

    [Fact]
    public void Compare_KeysOfAUserNeitherSnapshotHolds_AreNamedInANote()
    {
        var diff = Diff(p => p.AccessKeys = [Key("ghost", "AKIAG1")], p => p.AccessKeys = []);

        diff.IsEmpty.Should().BeTrue();
        diff.Notes.Should().ContainSingle().Which.Should().Contain("ghost");
    }

    [Fact]
    public void Compare_OidcClientIdAndThumbprintChanged_AreAccountSettingsOnTheProvider()
    {
        var diff = Diff(
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["AAAA"])],
            p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com", "attacker-app"], ["bbbb"])]);

        var change = diff.Changes.Should().ContainSingle().Which;
        change.EntityType.Should().Be(EntityKind.Account);
        change.Properties.Should().Equal(
            new PropertyChange(GitHubPath + "/clientIds/attacker-app", ChangeCategory.AccountSettings, null, "\"attacker-app\""),
            new PropertyChange(GitHubPath + "/thumbprints/aaaa", ChangeCategory.AccountSettings, "\"aaaa\"", null),
            new PropertyChange(GitHubPath + "/thumbprints/bbbb", ChangeCategory.AccountSettings, null, "\"bbbb\""));
    }

    [Fact]
    public void Compare_ThumbprintCaseOnly_IsNoChange()
    {
        var diff = Diff(p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["ABCDEF"])], p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["abcdef"])]);

        diff.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Compare_OidcDetailsKnownOnOneSideOnly_AreNotComparedAndSaySo()
    {
        var diff = Diff(p => p.OpenIdConnectProviders = [Oidc(null, null)], p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["aaaa"])]);

        diff.IsEmpty.Should().BeTrue("unknown details are not 'every client id added'");
        diff.Notes.Should().ContainSingle().Which.Should().Contain("client ids and thumbprints in only one snapshot");
    }

    [Fact]
    public void Compare_NewProvider_ShowsWhatItTrusts()
    {
        var diff = Diff(p => p.OpenIdConnectProviders = [], p => p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["aaaa"])]);

        diff.Changes.Single().Properties.Select(p => p.Path).Should().Equal(
            GitHubPath, GitHubPath + "/clientIds/sts.amazonaws.com", GitHubPath + "/createDate", GitHubPath + "/thumbprints/aaaa");
        diff.Changes.Single().Properties.Should().OnlyContain(p => p.IsAddition);
    }

    [Fact]
    public void Compare_ServerCertificates_AddedRemovedAndUploadedAgain()
    {
        var diff = Diff(
            p => p.ServerCertificates = [Certificate("www"), Certificate("old")],
            p => p.ServerCertificates = [Certificate("www", "ASCANEWUPLOAD"), Certificate("api")]);

        var properties = diff.Changes.Should().ContainSingle().Which.Properties;
        properties.Select(p => (p.Path, p.Category, p.IsAddition, p.IsRemoval)).Should().Equal(
            ("/serverCertificates/arn:aws:iam::210987654321:server-certificate~1elb~1api", ChangeCategory.Credentials, true, false),
            ("/serverCertificates/arn:aws:iam::210987654321:server-certificate~1elb~1old", ChangeCategory.Credentials, false, true),
            ("/serverCertificates/arn:aws:iam::210987654321:server-certificate~1elb~1www", ChangeCategory.Credentials, false, false));
        properties[2].OldValue.Should().Contain("ASCAEXAMPLE1");
        properties[2].NewValue.Should().Be("""{"id":"ASCANEWUPLOAD","uploadDate":"2020-05-01T00:00:00Z","expiration":"2030-05-01T00:00:00Z"}""");
    }

    [Fact]
    public void Compare_ServerCertificatesOnOneSideOnly_IsANote()
    {
        var diff = Diff(p => p.ServerCertificates = [Certificate("www")], _ => { });

        diff.IsEmpty.Should().BeTrue();
        diff.Notes.Should().ContainSingle().Which.Should().Be("The after snapshot has no server certificates; they were not compared.");
    }

    private static AccountSnapshot Users(params (string Name, string Id)[] users) => new(
        new SnapshotMetadata { AccountId = "210987654321", Source = "test", Parts = SnapshotParts.AuthorizationDetails },
        users.Select(u => new IamUser { Arn = $"arn:aws:iam::210987654321:user/{u.Name}", Name = u.Name, UniqueId = u.Id }),
        [],
        [],
        [],
        []);

    private static AccountSnapshot With(AccountSnapshot snapshot, ImmutableArray<AccessKeyMetadata> keys) => new OptionalParts { AccessKeys = keys }.ApplyTo(snapshot);
}
