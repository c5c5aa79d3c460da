using System.Text;
using System.Text.Json;
using IamSnapshot.Aws.Capture;
using IamSnapshot.Aws.Fakes;
using IamSnapshot.Aws.Tests.Support;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Aws.Tests.Capture;

public sealed class LiveCaptureTests
{
    [Theory]
    [InlineData("cloudsplaining-example-2023.json")]
    [InlineData("cloudmapper-demo-authz.json")]
    public async Task CaptureAsync_RealDataAccount_EqualsImportOfTheSameData(string file)
    {
        await using var server = await FakeAws.StartAsync(file);

        var result = await new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync();
        var imported = await SnapshotFile.LoadAsync(FakeAws.RealData(file));

        // Same metadata on both sides, then byte-for-byte equal saved files: every entity, policy version,
        // document, date, tag and attachment came through the XML pages unchanged.
        var metadata = result.Snapshot.Metadata with { Parts = SnapshotParts.AuthorizationDetails };
        var captured = new AccountSnapshot(metadata, result.Snapshot.Users, result.Snapshot.Groups, result.Snapshot.Roles, result.Snapshot.Policies, result.Snapshot.InstanceProfiles);
        var aligned = new AccountSnapshot(metadata, imported.Users, imported.Groups, imported.Roles, imported.Policies, imported.InstanceProfiles);
        Encoding.UTF8.GetString(SnapshotFile.ToBytes(captured)).Should().Be(Encoding.UTF8.GetString(SnapshotFile.ToBytes(aligned)));
        result.Snapshot.Users.Length.Should().Be(imported.Users.Length).And.BeGreaterThan(0);
        result.Snapshot.Roles.Length.Should().Be(imported.Roles.Length);
        result.Snapshot.Policies.Length.Should().Be(imported.Policies.Length);
    }

    [Theory]
    [InlineData("cloudsplaining-example-2023.json")]
    [InlineData("cloudmapper-demo-authz.json")]
    public async Task CaptureAsync_EveryPart_EqualsTheFolderImportOfTheSameAccountsCliOutput(string file)
    {
        await using var server = await FakeAws.StartAsync(file, configure: a =>
        {
            // A second, inactive key on one user, so that more than the default shape goes through.
            var user = a.UserNames[0];
            a.AccessKeys[user].Add(new FakeAccessKey(FakeAccount.FakeKeyId(user, 2), "Inactive", "2019-07-08T09:10:11Z"));
        });
        var folder = Path.Combine(Path.GetTempPath(), "iamsnapshot-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The AWS CLI's output for the same account, written from the fake's own data (not from the capture).
            CliOutputs.Write(server.CallerAccount, folder);

            var captured = (await new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync()).Snapshot;
            var imported = await SnapshotFile.LoadAsync(folder);

            imported.Metadata.Parts.Should().Be(captured.Metadata.Parts, "the folder holds every part the capture reads");
            var aligned = OptionalParts.Of(imported).ApplyTo(imported, captured.Metadata);
            Encoding.UTF8.GetString(SnapshotFile.ToBytes(aligned)).Should().Be(Encoding.UTF8.GetString(SnapshotFile.ToBytes(captured)));
            captured.AccessKeys!.Value.Should().Contain(k => k.Status == "Inactive");
            captured.OpenIdConnectProviders!.Value.Should().OnlyContain(p => p.HasDetails);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task CaptureAsync_RealDataAccount_RecordsLiveMetadataAndPagesEveryEntity()
    {
        await using var server = await FakeAws.StartAsync();
        var before = DateTimeOffset.UtcNow;

        var result = await new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync();

        var metadata = result.Snapshot.Metadata;
        metadata.AccountId.Should().Be(FakeAws.CallerAccountId);
        metadata.Partition.Should().Be("aws");
        metadata.Source.Should().Be("live");
        metadata.CapturedAt.Should().BeOnOrAfter(before.AddSeconds(-1));
        metadata.Has(SnapshotParts.AuthorizationDetails).Should().BeTrue();
        var entities = server.CallerAccount.Items.Count;
        result.AuthorizationDetailsPages.Should().Be((entities + 24) / 25);
        server.RequestsOf("GetAccountAuthorizationDetails").Should().HaveCount(result.AuthorizationDetailsPages);
        result.IsComplete.Should().BeTrue();
    }

    [Fact]
    public async Task CaptureAsync_AccountParts_AreParsedIntoTheSnapshotByTheImportParsers()
    {
        await using var server = await FakeAws.StartAsync();

        var snapshot = (await new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync()).Snapshot;

        snapshot.Metadata.Parts.Should().Be(SnapshotParts.AuthorizationDetails | SnapshotParts.CredentialReport | SnapshotParts.PasswordPolicy
            | SnapshotParts.AccountSummary | SnapshotParts.AccountAliases | SnapshotParts.IdentityProviders | SnapshotParts.MfaDevices
            | SnapshotParts.AccessKeys | SnapshotParts.ServerCertificates);
        snapshot.CredentialReport!.Users.Should().HaveCount(server.CallerAccount.UserNames.Count);
        snapshot.CredentialReport.Root.Should().NotBeNull();
        snapshot.CredentialReport.GeneratedAt.Should().Be(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));
        snapshot.PasswordPolicy!.MinimumPasswordLength.Should().Be(14);
        snapshot.AccountSummary!.AccountMfaEnabled.Should().BeTrue();
        snapshot.AccountAliases.Should().Equal("fake-account");
        var oidc = snapshot.OpenIdConnectProviders!.Value.Should().ContainSingle().Which;
        oidc.Arn.Should().EndWith(":oidc-provider/token.actions.githubusercontent.com");
        oidc.Url.Should().Be("token.actions.githubusercontent.com");
        oidc.ClientIds.Should().Equal("sts.amazonaws.com");
        oidc.Thumbprints.Should().Equal("6938fd4d98bab03faadb97b34396831e3780aea1");
        oidc.CreateDate.Should().Be(new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));
        snapshot.AccessKeys!.Value.Select(k => k.UserName).Should().BeEquivalentTo(server.CallerAccount.UserNames);
        snapshot.AccessKeys.Value.Should().OnlyContain(k => k.IsActive && k.AccessKeyId == FakeAccount.FakeKeyId(k.UserName, 1));
        var certificate = snapshot.ServerCertificates!.Value.Should().ContainSingle().Which;
        certificate.Name.Should().Be("legacy-elb");
        certificate.Expiration.Should().Be(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        snapshot.SamlProviders!.Value.Should().ContainSingle().Which.ValidUntil.Should().Be(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        snapshot.VirtualMfaDevices!.Value.Should().HaveCount(3).And.ContainSingle(d => d.UserArn == $"arn:aws:iam::{FakeAws.CallerAccountId}:root");
    }

    [Fact]
    public async Task CaptureAsync_NoPasswordPolicy_IsNotSetRatherThanUnknown()
    {
        await using var server = await FakeAws.StartAsync(configure: a => a.PasswordPolicy = null);

        var snapshot = await new AwsIamSnapshotSource(FakeAws.Options(server)).LoadAsync();

        snapshot.PasswordPolicy.Should().Be(IamSnapshot.Model.PasswordPolicy.NotSet);
        snapshot.Metadata.Has(SnapshotParts.PasswordPolicy).Should().BeTrue();
    }

    [Fact]
    public async Task CaptureAsync_EveryRequest_IsSignedAndWithinTheDocumentedPolicy()
    {
        await using var server = await FakeAws.StartAsync();

        await new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync();

        server.RejectedSignatures.Should().Be(0);
        server.Requests.Should().OnlyContain(r => r.Status == 200 || r.Action == "GetCredentialReport");
        var policy = FakeAws.DocumentedPolicy();
        var called = server.Requests.Where(r => r.Service == "iam").Select(r => "iam:" + r.Action).ToHashSet();
        // Exactly the documented actions: none missing from the docs, none documented but unused.
        called.Should().BeEquivalentTo(policy);
    }

    [Fact]
    public async Task CaptureAsync_MarkersWithPlusSlashAndEquals_RoundTripThroughTheForm()
    {
        await using var server = await FakeAws.StartAsync();

        await new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync();

        var markers = server.RequestsOf("GetAccountAuthorizationDetails").Select(r => r.Parameters.GetValueOrDefault("Marker")).ToList();
        markers[0].Should().BeNull();
        markers.Skip(1).Should().OnlyContain(m => m != null && m.StartsWith("AAE+/", StringComparison.Ordinal) && m.EndsWith('='));
        markers.Skip(1).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task CaptureRaw_OtherParts_AreCliJsonWithSecretsDropped()
    {
        await using var server = await FakeAws.StartAsync();

        var captured = await AccountCapturer.CaptureAsync(FakeAws.Options(server), default);

        captured.Parts.Should().Be(AwsCaptureOptions.AllParts);
        using var report = Json(captured, SnapshotParts.CredentialReport);
        Convert.FromBase64String(report.RootElement.GetProperty("Content").GetString()!).Should().Equal(server.CallerAccount.CredentialReportCsv);
        report.RootElement.GetProperty("GeneratedTime").GetString().Should().Be("2024-05-06T07:08:09Z");

        using var policy = Json(captured, SnapshotParts.PasswordPolicy);
        policy.RootElement.GetProperty("PasswordPolicy").GetProperty("MinimumPasswordLength").GetInt32().Should().Be(14);
        policy.RootElement.GetProperty("PasswordPolicy").GetProperty("RequireSymbols").GetBoolean().Should().BeTrue();

        using var summary = Json(captured, SnapshotParts.AccountSummary);
        summary.RootElement.GetProperty("SummaryMap").GetProperty("AccountMFAEnabled").GetInt32().Should().Be(1);

        using var aliases = Json(captured, SnapshotParts.AccountAliases);
        aliases.RootElement.GetProperty("AccountAliases")[0].GetString().Should().Be("fake-account");

        using var providers = Json(captured, SnapshotParts.IdentityProviders);
        var oidc = providers.RootElement.GetProperty("OpenIDConnectProviderList")[0];
        oidc.GetProperty("Url").GetString().Should().Be("token.actions.githubusercontent.com");
        oidc.GetProperty("ClientIDList")[0].GetString().Should().Be("sts.amazonaws.com");
        oidc.GetProperty("ThumbprintList").GetArrayLength().Should().Be(1);
        providers.RootElement.GetProperty("SAMLProviderList")[0].GetProperty("Arn").GetString().Should().EndWith(":saml-provider/Okta");

        using var mfa = Json(captured, SnapshotParts.MfaDevices);
        mfa.RootElement.GetProperty("VirtualMFADevices").GetArrayLength().Should().Be(3, "the fake pages MFA devices two at a time");
        Encoding.UTF8.GetString(captured.PartsJson[SnapshotParts.MfaDevices]).Should().NotContain("Base32StringSeed").And.NotContain("SEEDSEED");

        using var keys = Json(captured, SnapshotParts.AccessKeys);
        var listed = keys.RootElement.GetProperty("AccessKeyMetadata").EnumerateArray().Select(k => k.GetProperty("UserName").GetString()).ToList();
        listed.Should().BeEquivalentTo(server.CallerAccount.UserNames);
        listed.Should().BeInAscendingOrder(StringComparer.Ordinal);
        server.RequestsOf("ListAccessKeys").Should().HaveCount(server.CallerAccount.UserNames.Count);

        using var certificates = Json(captured, SnapshotParts.ServerCertificates);
        certificates.RootElement.GetProperty("ServerCertificateMetadataList")[0].GetProperty("ServerCertificateName").GetString().Should().Be("legacy-elb");
    }

    [Fact]
    public async Task CaptureRaw_NoPasswordPolicy_IsRecordedAsNullNotAbsent()
    {
        await using var server = await FakeAws.StartAsync(configure: a => a.PasswordPolicy = null);

        var captured = await AccountCapturer.CaptureAsync(FakeAws.Options(server), default);

        Encoding.UTF8.GetString(captured.PartsJson[SnapshotParts.PasswordPolicy]).Should().Be("""{"PasswordPolicy":null}""");
        server.RequestsOf("GetAccountPasswordPolicy").Should().ContainSingle().Which.Status.Should().Be(404);
    }

    [Fact]
    public async Task CaptureRaw_CredentialReport_PollsUntilCompleteAndReportsTheWait()
    {
        var progress = new FakeAws.ProgressLog();
        await using var server = await FakeAws.StartAsync(configure: a => a.CredentialReportPollsBeforeComplete = 3);

        var captured = await AccountCapturer.CaptureAsync(FakeAws.Options(server, progress), default);

        captured.Parts.Should().HaveFlag(SnapshotParts.CredentialReport);
        server.RequestsOf("GenerateCredentialReport").Should().HaveCount(4);
        progress.Events.Count(e => e.Stage == CaptureStage.CredentialReportWaiting).Should().Be(3);
        progress.Events.Where(e => e.Stage == CaptureStage.AuthorizationDetailsPage).Select(e => e.PagesFetched).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        progress.Events[^1].Stage.Should().Be(CaptureStage.Completed);
        progress.Events[^1].Target.Should().Be(FakeAws.CallerAccountId);
    }

    [Fact]
    public async Task CaptureRaw_CredentialReportNeverReady_FailsAfterItsTimeout()
    {
        await using var server = await FakeAws.StartAsync(configure: a => a.CredentialReportPollsBeforeComplete = int.MaxValue);
        var options = FakeAws.Options(server) with { CredentialReportTimeout = TimeSpan.FromMilliseconds(200), CredentialReportPollInterval = TimeSpan.FromMilliseconds(20) };

        var act = () => AccountCapturer.CaptureAsync(options, default);

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Kind.Should().Be(AwsFailureKind.Timeout);
        error.Part.Should().Be(SnapshotParts.CredentialReport);
        error.Message.Should().Contain("credential report was not ready");
    }

    [Fact]
    public async Task CaptureRaw_PartsOption_SkipsTheCallsOfUnrequestedParts()
    {
        await using var server = await FakeAws.StartAsync();
        var options = FakeAws.Options(server) with { Parts = SnapshotParts.AuthorizationDetails | SnapshotParts.PasswordPolicy };

        var captured = await AccountCapturer.CaptureAsync(options, default);

        captured.Parts.Should().Be(SnapshotParts.AuthorizationDetails | SnapshotParts.PasswordPolicy);
        server.Requests.Select(r => r.Action).Distinct().Should().BeEquivalentTo("GetCallerIdentity", "GetAccountAuthorizationDetails", "GetAccountPasswordPolicy");
    }

    private static JsonDocument Json(CapturedAccount captured, SnapshotParts part) => JsonDocument.Parse(captured.PartsJson[part]);
}
