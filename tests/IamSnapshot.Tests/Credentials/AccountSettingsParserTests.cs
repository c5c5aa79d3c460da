using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Tests.Credentials;

public class AccountSettingsParserTests
{
    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

    [Fact]
    public void ParsePasswordPolicy_EveryField_IsRead()
    {
        const string json = """
            {
                "PasswordPolicy": {
                    "MinimumPasswordLength": 14,
                    "RequireSymbols": true,
                    "RequireNumbers": true,
                    "RequireUppercaseCharacters": false,
                    "RequireLowercaseCharacters": true,
                    "AllowUsersToChangePassword": true,
                    "ExpirePasswords": true,
                    "MaxPasswordAge": 90,
                    "PasswordReusePrevention": 24,
                    "HardExpiry": true
                }
            }
            """;

        var policy = AccountSettingsParser.ParsePasswordPolicy(json);

        policy.Should().Be(new PasswordPolicy
        {
            MinimumPasswordLength = 14,
            RequireSymbols = true,
            RequireNumbers = true,
            RequireUppercaseCharacters = false,
            RequireLowercaseCharacters = true,
            AllowUsersToChangePassword = true,
            ExpirePasswords = true,
            MaxPasswordAge = 90,
            PasswordReusePrevention = 24,
            HardExpiry = true,
        });
        policy!.IsSet.Should().BeTrue();
    }

    [Fact]
    public void ParsePasswordPolicy_OptionalFieldsAbsent_AreNullOrFalse()
    {
        const string json = """{"PasswordPolicy":{"MinimumPasswordLength":8,"RequireSymbols":false,"RequireNumbers":true,"RequireUppercaseCharacters":true,"RequireLowercaseCharacters":true,"AllowUsersToChangePassword":false,"ExpirePasswords":false}}""";

        var policy = AccountSettingsParser.ParsePasswordPolicy(json)!;

        policy.IsSet.Should().BeTrue();
        policy.MinimumPasswordLength.Should().Be(8);
        policy.RequireNumbers.Should().BeTrue();
        policy.MaxPasswordAge.Should().BeNull();
        policy.PasswordReusePrevention.Should().BeNull();
        policy.HardExpiry.Should().BeFalse();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"PasswordPolicy":null}""")]
    [InlineData("\nAn error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name 123456789012 cannot be found.\n")]
    public void ParsePasswordPolicy_NoPolicy_IsNotSet(string text)
    {
        var policy = AccountSettingsParser.ParsePasswordPolicy(text);

        policy.Should().BeSameAs(PasswordPolicy.NotSet);
        policy!.IsSet.Should().BeFalse();
    }

    [Fact]
    public void ParsePasswordPolicy_EmptyFile_IsUnknownWithAWarning()
    {
        var warnings = new List<SnapshotWarning>();

        var policy = AccountSettingsParser.ParsePasswordPolicy("  \n", "get-account-password-policy.json", warnings);

        policy.Should().BeNull("an empty file cannot tell 'no policy' from a failed call");
        warnings.Should().ContainSingle().Which.FilePath.Should().Be("get-account-password-policy.json");
    }

    [Fact]
    public void ParsePasswordPolicy_BarePolicyObjectAndCamelCase_AreAccepted()
    {
        var policy = AccountSettingsParser.ParsePasswordPolicy("""{"minimumPasswordLength":12,"requireSymbols":true}""")!;

        policy.IsSet.Should().BeTrue();
        policy.MinimumPasswordLength.Should().Be(12);
        policy.RequireSymbols.Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"PasswordPolicy":{"MinimumPasswordLength":"14"}}""", "$.PasswordPolicy.MinimumPasswordLength", "expected a whole number, found a string")]
    [InlineData("""{"PasswordPolicy":{"RequireSymbols":"yes"}}""", "$.PasswordPolicy.RequireSymbols", "expected true or false, found a string")]
    [InlineData("""{"PasswordPolicy":[]}""", "$.PasswordPolicy", "expected the password policy (a JSON object), found an array")]
    [InlineData("""{"Policy":{}}""", "$", "expected {\"PasswordPolicy\":{...}}, or {} when no policy is set")]
    public void ParsePasswordPolicy_BadValue_NamesTheJsonPath(string json, string location, string expected)
    {
        var act = () => AccountSettingsParser.ParsePasswordPolicy(json, "pp.json");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.Location.Should().Be(location);
        ex.Expected.Should().Be(expected);
        ex.Message.Should().StartWith($"pp.json: {location}: expected");
    }

    [Fact]
    public void ParseAccountSummary_KeepsEveryCounterSortedAndReadsTheFlags()
    {
        const string json = """
            {
                "SummaryMap": {
                    "Users": 41,
                    "UsersQuota": 5000,
                    "Groups": 3,
                    "AccountMFAEnabled": 1,
                    "AccountAccessKeysPresent": 0,
                    "AccountSigningCertificatesPresent": 1,
                    "PolicyVersionsInUseQuota": 10000,
                    "SomeCounterFrom2030": 7
                }
            }
            """;

        var summary = AccountSettingsParser.ParseAccountSummary(json);

        summary.Counters.Should().HaveCount(8);
        summary.Counters.Keys.Should().BeInAscendingOrder(StringComparer.Ordinal);
        summary.Get("Users").Should().Be(41);
        summary.Get("SomeCounterFrom2030").Should().Be(7);
        summary.Get("Roles").Should().BeNull();
        summary.AccountMfaEnabled.Should().BeTrue();
        summary.AccountAccessKeysPresent.Should().BeFalse();
        summary.AccountSigningCertificatesPresent.Should().BeTrue();
    }

    [Fact]
    public void ParseAccountSummary_FlagsMissing_AreNull()
    {
        var summary = AccountSettingsParser.ParseAccountSummary("""{"SummaryMap":{"Users":1}}""");

        summary.AccountMfaEnabled.Should().BeNull();
        summary.AccountAccessKeysPresent.Should().BeNull();
        summary.AccountSigningCertificatesPresent.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"SummaryMap":{"Users":"many"}}""", "$.SummaryMap.Users")]
    [InlineData("""{"SummaryMap":{"Users":1.5}}""", "$.SummaryMap.Users")]
    [InlineData("""{"Summary":{}}""", "$.SummaryMap")]
    [InlineData("""{"SummaryMap":[]}""", "$.SummaryMap")]
    public void ParseAccountSummary_BadInput_NamesTheJsonPath(string json, string location)
    {
        var act = () => AccountSettingsParser.ParseAccountSummary(json, "s.json");
        act.Should().Throw<SnapshotFormatException>().Which.Location.Should().Be(location);
    }

    [Fact]
    public void ParseAccountAliases_ReadsSortedAliases()
    {
        AccountSettingsParser.ParseAccountAliases("""{"AccountAliases":["prod-b","prod-a"],"IsTruncated":false}""")
            .Should().Equal("prod-a", "prod-b");
        AccountSettingsParser.ParseAccountAliases("""{"AccountAliases":[]}""").Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{}""", "$.AccountAliases")]
    [InlineData("""{"AccountAliases":["ok",3]}""", "$.AccountAliases[1]")]
    public void ParseAccountAliases_BadInput_NamesTheJsonPath(string json, string location)
    {
        var act = () => AccountSettingsParser.ParseAccountAliases(json, "a.json");
        act.Should().Throw<SnapshotFormatException>().Which.Location.Should().Be(location);
    }

    [Fact]
    public void ParseOpenIdConnectProviders_ReadsArnsSorted()
    {
        const string json = """
            {"OpenIDConnectProviderList":[
              {"Arn":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
              {"Arn":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"}
            ]}
            """;

        var providers = AccountSettingsParser.ParseOpenIdConnectProviders(json);

        providers.Select(p => p.Arn).Should().Equal(
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
            "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
    }

    [Fact]
    public void ParseOpenIdConnectProviders_MissingArn_NamesTheItem()
    {
        var act = () => AccountSettingsParser.ParseOpenIdConnectProviders("""{"OpenIDConnectProviderList":[{"Arn":"arn:x"},{}]}""", "o.json");
        act.Should().Throw<SnapshotFormatException>().Which.Location.Should().Be("$.OpenIDConnectProviderList[1].Arn");
    }

    [Fact]
    public void ParseSamlProviders_ReadsArnsAndDatesInEachForm()
    {
        const string json = """
            {"SAMLProviderList":[
              {"Arn":"arn:aws:iam::123456789012:saml-provider/Okta","ValidUntil":"2032-05-09T16:27:11Z","CreateDate":"2012-05-09T16:27:03+00:00"},
              {"Arn":"arn:aws:iam::123456789012:saml-provider/AWSSSO_abc_DO_NOT_DELETE","ValidUntil":"2120-01-01 00:00:00+00:00","CreateDate":"2021-03-01T10:00:00.123000+00:00"}
            ]}
            """;

        var providers = AccountSettingsParser.ParseSamlProviders(json);

        providers.Should().Equal(
            new SamlProvider
            {
                Arn = "arn:aws:iam::123456789012:saml-provider/AWSSSO_abc_DO_NOT_DELETE",
                ValidUntil = Utc("2120-01-01T00:00:00Z"),
                CreateDate = Utc("2021-03-01T10:00:00.123Z"),
            },
            new SamlProvider
            {
                Arn = "arn:aws:iam::123456789012:saml-provider/Okta",
                ValidUntil = Utc("2032-05-09T16:27:11Z"),
                CreateDate = Utc("2012-05-09T16:27:03Z"),
            });
    }

    [Fact]
    public void ParseSamlProviders_BadDate_NamesTheJsonPath()
    {
        var act = () => AccountSettingsParser.ParseSamlProviders("""{"SAMLProviderList":[{"Arn":"arn:x","CreateDate":"May 9, 2012"}]}""", "saml.json");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.Location.Should().Be("$.SAMLProviderList[0].CreateDate");
        ex.Message.Should().Contain("May 9, 2012");
    }

    [Fact]
    public void ParseVirtualMfaDevices_ReadsAssignedAndUnassignedDevices()
    {
        const string json = """
            {
                "VirtualMFADevices": [
                    {
                        "SerialNumber": "arn:aws:iam::123456789012:mfa/root-account-mfa-device",
                        "User": {"Arn": "arn:aws:iam::123456789012:root", "UserId": "123456789012", "CreateDate": "2018-08-12T17:20:55+00:00"},
                        "EnableDate": "2018-08-12T17:30:00+00:00"
                    },
                    {
                        "SerialNumber": "arn:aws:iam::123456789012:mfa/alice",
                        "User": {"Path": "/", "UserName": "alice", "UserId": "AIDAEXAMPLE", "Arn": "arn:aws:iam::123456789012:user/alice", "CreateDate": "2019-01-01T00:00:00Z"},
                        "EnableDate": "2019-01-02T00:00:00Z"
                    },
                    { "SerialNumber": "arn:aws:iam::123456789012:mfa/spare" }
                ],
                "IsTruncated": false
            }
            """;

        var devices = AccountSettingsParser.ParseVirtualMfaDevices(json);

        devices.Should().Equal(
            new VirtualMfaDevice
            {
                SerialNumber = "arn:aws:iam::123456789012:mfa/alice",
                UserArn = "arn:aws:iam::123456789012:user/alice",
                UserName = "alice",
                EnableDate = Utc("2019-01-02T00:00:00Z"),
            },
            new VirtualMfaDevice
            {
                SerialNumber = "arn:aws:iam::123456789012:mfa/root-account-mfa-device",
                UserArn = "arn:aws:iam::123456789012:root",
                EnableDate = Utc("2018-08-12T17:30:00Z"),
            },
            new VirtualMfaDevice { SerialNumber = "arn:aws:iam::123456789012:mfa/spare" });
    }

    [Fact]
    public void ParseVirtualMfaDevices_TruncatedFile_NamesTheLine()
    {
        const string json = "{\n  \"VirtualMFADevices\": [\n    {\"SerialNumber\": \"arn:aws:iam::1:mfa/a\"";

        var act = () => AccountSettingsParser.ParseVirtualMfaDevices(json, "mfa.json");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.FilePath.Should().Be("mfa.json");
        ex.Line.Should().Be(3);
        ex.Location.Should().StartWith("line 3, column");
    }
}
