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
        OptionalParts.Of(snapshot).Should().Be(SnapshotParts.None);
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
        OptionalParts.Of(snapshot).Should().Be(
            SnapshotParts.CredentialReport | SnapshotParts.PasswordPolicy | SnapshotParts.AccountSummary
            | SnapshotParts.AccountAliases | SnapshotParts.IdentityProviders | SnapshotParts.MfaDevices);
    }
}
