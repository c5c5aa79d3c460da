using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Tests.Credentials;

public class AccountSnapshotPartsTests
{
    private static AccountSnapshot Empty(SnapshotParts parts = SnapshotParts.AuthorizationDetails) =>
        new(new SnapshotMetadata { Parts = parts }, [], [], [], [], []);

    [Fact]
    public void OptionalParts_NotGiven_AreNullAndFlagsUnset()
    {
        var snapshot = Empty();

        snapshot.CredentialReport.Should().BeNull();
        snapshot.PasswordPolicy.Should().BeNull("absent is not the same as 'no policy'");
        snapshot.AccountSummary.Should().BeNull();
        snapshot.AccountAliases.Should().BeNull();
        snapshot.OpenIdConnectProviders.Should().BeNull();
        snapshot.SamlProviders.Should().BeNull();
        snapshot.VirtualMfaDevices.Should().BeNull();
        OptionalParts.Of(snapshot).Parts.Should().Be(SnapshotParts.None);
    }

    [Fact]
    public void OptionalParts_Given_AreKeptAndFlagged()
    {
        var report = CredentialReportParser.Load(CredentialTestData.PathOf(CredentialTestData.Synthetic2025));
        var snapshot = new AccountSnapshot(new SnapshotMetadata(), [], [], [], [], [])
        {
            CredentialReport = report,
            PasswordPolicy = PasswordPolicy.NotSet,
            AccountSummary = new AccountSummary([new("Users", 3)]),
            AccountAliases = ImmutableArray<string>.Empty,
            SamlProviders = ImmutableArray<SamlProvider>.Empty,
            VirtualMfaDevices = [new VirtualMfaDevice { SerialNumber = "arn:aws:iam::1:mfa/x" }],
        };

        snapshot.CredentialReport.Should().BeSameAs(report);
        snapshot.PasswordPolicy!.IsSet.Should().BeFalse();
        OptionalParts.Of(snapshot).Parts.Should().Be(
            SnapshotParts.CredentialReport | SnapshotParts.PasswordPolicy | SnapshotParts.AccountSummary
            | SnapshotParts.AccountAliases | SnapshotParts.IdentityProviders | SnapshotParts.MfaDevices);
    }

    [Fact]
    public void ApplyTo_KeepsEntitiesAndAddsTheFlagsOfThePartsPresent()
    {
        var user = new IamUser { Arn = "arn:aws:iam::111122223333:user/a", Name = "a" };
        var snapshot = new AccountSnapshot(new SnapshotMetadata { Source = "test" }, [user], [], [], [], []);
        var parts = new OptionalParts { PasswordPolicy = PasswordPolicy.NotSet, OpenIdConnectProviders = ImmutableArray<OpenIdConnectProvider>.Empty };

        var result = parts.ApplyTo(snapshot);

        result.Users.Should().Equal(user);
        result.Metadata.Source.Should().Be("test");
        result.Metadata.Parts.Should().Be(SnapshotParts.AuthorizationDetails | SnapshotParts.PasswordPolicy | SnapshotParts.IdentityProviders);
        result.PasswordPolicy.Should().BeSameAs(PasswordPolicy.NotSet);
        result.SamlProviders.Should().BeNull();
    }
}

public class SnapshotWarningTests
{
    [Theory]
    [InlineData("r.csv", "line 10", "dup", "r.csv: line 10: dup")]
    [InlineData("r.csv", "", "no root", "r.csv: no root")]
    [InlineData(null, "$.Content", "x", "$.Content: x")]
    [InlineData(null, "", "x", "x")]
    public void ToString_LeavesOutWhatIsUnknown(string? file, string location, string message, string expected)
    {
        new SnapshotWarning(file, location, message).ToString().Should().Be(expected);
    }
}
