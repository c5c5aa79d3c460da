using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.Model;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;
using Json.Schema;
using static IamSnapshot.Tests.Credentials.CredentialTestData;

namespace IamSnapshot.Tests.Credentials;

public class AccountPartsJsonTests
{
    private static AccountSnapshot Snapshot(SnapshotParts parts = SnapshotParts.AuthorizationDetails) =>
        new(new SnapshotMetadata { Source = "test", Parts = parts, CapturedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) }, [], [], [], [], []);

    private static AccountSnapshot Everything()
    {
        var parts = new OptionalParts
        {
            CredentialReport = CredentialReportParser.Load(PathOf(Custodian2017)),
            PasswordPolicy = new PasswordPolicy
            {
                MinimumPasswordLength = 14,
                RequireSymbols = true,
                RequireLowercaseCharacters = true,
                ExpirePasswords = true,
                MaxPasswordAge = 90,
                HardExpiry = true,
            },
            AccountSummary = new AccountSummary([new("Users", 20), new("AccountMFAEnabled", 1), new("AccountAccessKeysPresent", 0)]),
            AccountAliases = ["prod", "legacy"],
            OpenIdConnectProviders = [new OpenIdConnectProvider { Arn = "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com" }],
            SamlProviders = [new SamlProvider { Arn = "arn:aws:iam::210987654321:saml-provider/Okta", CreateDate = new DateTimeOffset(2016, 1, 2, 3, 4, 5, TimeSpan.Zero) }],
            VirtualMfaDevices =
            [
                new VirtualMfaDevice { SerialNumber = "arn:aws:iam::210987654321:mfa/spare" },
                new VirtualMfaDevice { SerialNumber = "arn:aws:iam::210987654321:mfa/dev-01", UserArn = "arn:aws:iam::210987654321:user/dev-01", UserName = "dev-01", EnableDate = new DateTimeOffset(2016, 9, 1, 0, 0, 0, TimeSpan.Zero) },
            ],
        };
        return parts.ApplyTo(Snapshot());
    }

    private static AccountSnapshot RoundTrip(AccountSnapshot snapshot) => SnapshotFile.Load(SnapshotFile.ToBytes(snapshot), "saved.json");

    public static TheoryData<string> AllReports() => [CloudMapperJson, .. CsvFiles];

    [Theory]
    [MemberData(nameof(AllReports))]
    public void SaveLoad_RealCredentialReport_KeepsEveryRowAndSentinel(string file)
    {
        var report = CredentialReportParser.Load(PathOf(file));
        var snapshot = new OptionalParts { CredentialReport = report }.ApplyTo(Snapshot());

        var reloaded = RoundTrip(snapshot);

        var again = reloaded.CredentialReport!;
        again.GeneratedAt.Should().Be(report.GeneratedAt);
        again.Root.Should().Be(report.Root);
        again.Users.Should().Equal(report.Users);
        again.Duplicates.Should().Equal(report.Duplicates);
        reloaded.Metadata.Has(SnapshotParts.CredentialReport).Should().BeTrue();
        SnapshotFile.ToBytes(reloaded).Should().Equal(SnapshotFile.ToBytes(snapshot));
    }

    [Fact]
    public void SaveLoad_EveryPart_RoundTripsByteIdentically()
    {
        var snapshot = Everything();

        var bytes = SnapshotFile.ToBytes(snapshot);
        var reloaded = SnapshotFile.Load(bytes, "saved.json");

        reloaded.CredentialReport!.Duplicates.Should().ContainSingle().Which.UserName.Should().Be("ops-03");
        reloaded.PasswordPolicy.Should().Be(snapshot.PasswordPolicy);
        reloaded.AccountSummary!.Counters.Should().Equal(snapshot.AccountSummary!.Counters);
        reloaded.AccountAliases.Should().Equal("legacy", "prod");
        reloaded.OpenIdConnectProviders!.Value.Should().Equal(snapshot.OpenIdConnectProviders!.Value);
        reloaded.SamlProviders!.Value.Should().Equal(snapshot.SamlProviders!.Value);
        reloaded.VirtualMfaDevices!.Value.Should().Equal(snapshot.VirtualMfaDevices!.Value.OrderBy(d => d.SerialNumber, StringComparer.Ordinal));
        reloaded.Metadata.Parts.Should().Be(snapshot.Metadata.Parts);
        SnapshotFile.ToBytes(reloaded).Should().Equal(bytes);
    }

    [Fact]
    public void SaveLoad_NoPolicyAndAbsentParts_StayDistinct()
    {
        var snapshot = new OptionalParts { PasswordPolicy = PasswordPolicy.NotSet, SamlProviders = ImmutableArray<SamlProvider>.Empty }.ApplyTo(Snapshot());

        var json = Encoding.UTF8.GetString(SnapshotFile.ToBytes(snapshot)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var reloaded = RoundTrip(snapshot);

        reloaded.PasswordPolicy.Should().BeSameAs(PasswordPolicy.NotSet);
        reloaded.SamlProviders!.Value.Should().BeEmpty();
        reloaded.OpenIdConnectProviders.Should().BeNull("a list the source did not give stays absent");
        reloaded.CredentialReport.Should().BeNull();
        reloaded.AccountSummary.Should().BeNull();
        reloaded.AccountAliases.Should().BeNull();
        reloaded.VirtualMfaDevices.Should().BeNull();
        json.Should().Contain("\"passwordPolicy\": {\n    \"isSet\": false\n  }").And.NotContain("credentialReport").And.NotContain("openIdConnect");
    }

    [Fact]
    public void Save_SectionsFollowTheEntitiesInAFixedOrder()
    {
        var json = Encoding.UTF8.GetString(SnapshotFile.ToBytes(Everything()));

        var keys = JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToList();
        keys.Should().Equal(
            "schemaVersion", "metadata", "users", "groups", "roles", "instanceProfiles", "policies",
            "credentialReport", "passwordPolicy", "accountSummary", "accountAliases", "identityProviders", "mfaDevices");
        var entry = JsonNode.Parse(json)!["credentialReport"]!["users"]![0]!.AsObject().Select(p => p.Key);
        entry.Should().Equal("userName", "arn", "userCreationTime", "password", "mfaActive", "accessKey1", "accessKey2", "certificate1", "certificate2");
        json.Should().Contain("\"lastUsed\": \"no_information\"").And.Contain("\"status\": \"notSupported\"");
    }

    [Fact]
    public void Save_EveryPart_ValidatesAgainstThePublishedSchema()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Repo.File("docs", "snapshot.schema.json")));
        var json = JsonNode.Parse(SnapshotFile.ToBytes(Everything()));

        var result = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        var errors = result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        result.IsValid.Should().BeTrue(string.Join("\n", errors.Take(10)));
    }

    [Fact]
    public void Load_BadCredentialDateInSavedFile_NamesTheJsonPath()
    {
        var json = Encoding.UTF8.GetString(SnapshotFile.ToBytes(Everything()));
        var broken = new StringBuilder(json).Replace("\"lastUsed\": \"no_information\"", "\"lastUsed\": \"yesterday\"").ToString();
        broken.Should().NotBe(json);

        var act = () => SnapshotFile.Load(Encoding.UTF8.GetBytes(broken), "broken.json");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.FilePath.Should().Be("broken.json");
        ex.Location.Should().MatchRegex(@"^\$\.credentialReport\.users\[\d+\]\.password\.lastUsed$");
        ex.Message.Should().Contain("yesterday");
    }
}
