using IamSnapshot.Model;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.AccountParts;

/// <summary>The folder import of list-access-keys, list-server-certificates and get-open-id-connect-provider outputs.</summary>
public class AccountPartsImportTests
{
    private const string Authz = """
        {
          "UserDetailList": [
            {"UserName": "alice", "UserId": "AIDAALICE", "Arn": "arn:aws:iam::123456789012:user/alice", "Path": "/", "CreateDate": "2020-01-01T00:00:00Z"},
            {"UserName": "bob", "UserId": "AIDABOB", "Arn": "arn:aws:iam::123456789012:user/bob", "Path": "/", "CreateDate": "2020-01-01T00:00:00Z"}
          ],
          "GroupDetailList": [], "RoleDetailList": [], "Policies": []
        }
        """;

    private const string Providers = """
        {"OpenIDConnectProviderList": [
          {"Arn": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
          {"Arn": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123"}
        ]}
        """;

    // What `aws iam get-open-id-connect-provider` prints: no ARN, the Url without its scheme.
    private const string GitHubDetails = """
        {"Url": "token.actions.githubusercontent.com", "ClientIDList": ["sts.amazonaws.com"],
         "ThumbprintList": ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"],
         "CreateDate": "2023-02-01T10:00:00+00:00", "Tags": []}
        """;

    private static void Write(TempFolder folder, string name, string text) => File.WriteAllText(folder.File(name), text);

    private static async Task<(AccountSnapshot Snapshot, List<SnapshotWarning> Warnings)> LoadAsync(TempFolder folder)
    {
        var warnings = new List<SnapshotWarning>();
        var snapshot = await SnapshotFile.LoadAsync(folder.Path, new ImportOptions { OnWarning = warnings.Add });
        return (snapshot, warnings);
    }

    [Fact]
    public async Task Load_AccessKeysCertificatesAndProviderDetails_FillTheirParts()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "list-access-keys.json", """
            {"AccessKeyMetadata": [
              {"UserName": "bob", "AccessKeyId": "AKIABOB2", "Status": "Inactive", "CreateDate": "2024-03-01T00:00:00+00:00"},
              {"UserName": "alice", "AccessKeyId": "AKIAALICE1", "Status": "Active", "CreateDate": "2025-06-02T08:09:10Z", "SecretAccessKey": "never-read"}
            ]}
            """);
        Write(folder, "list-server-certificates.json", """
            {"ServerCertificateMetadataList": [{"Path": "/cloudfront/", "ServerCertificateName": "www", "ServerCertificateId": "ASCAWWW",
              "Arn": "arn:aws:iam::123456789012:server-certificate/cloudfront/www", "UploadDate": "2019-01-01T00:00:00Z", "Expiration": "2020-01-01T00:00:00Z"}]}
            """);
        Write(folder, "list-open-id-connect-providers.json", Providers);
        Write(folder, "get-open-id-connect-provider-github.json", GitHubDetails);

        var (snapshot, warnings) = await LoadAsync(folder);

        warnings.Should().BeEmpty();
        snapshot.Metadata.Parts.Should().HaveFlag(SnapshotParts.AccessKeys).And.HaveFlag(SnapshotParts.ServerCertificates).And.HaveFlag(SnapshotParts.IdentityProviders);
        snapshot.AccessKeys!.Value.Should().Equal(
            new AccessKeyMetadata { UserName = "alice", AccessKeyId = "AKIAALICE1", Status = "Active", CreateDate = new DateTimeOffset(2025, 6, 2, 8, 9, 10, TimeSpan.Zero) },
            new AccessKeyMetadata { UserName = "bob", AccessKeyId = "AKIABOB2", Status = "Inactive", CreateDate = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero) });
        snapshot.AccessKeysOf("alice").Single().IsActive.Should().BeTrue();
        var certificate = snapshot.ServerCertificates!.Value.Single();
        certificate.Should().Be(new ServerCertificate
        {
            Arn = "arn:aws:iam::123456789012:server-certificate/cloudfront/www",
            Name = "www",
            Id = "ASCAWWW",
            Path = "/cloudfront/",
            UploadDate = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Expiration = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        var github = snapshot.OpenIdConnectProviders!.Value.Single(p => p.Arn.EndsWith("githubusercontent.com", StringComparison.Ordinal));
        github.Url.Should().Be("token.actions.githubusercontent.com");
        github.ClientIds.Should().Equal("sts.amazonaws.com");
        github.Thumbprints.Should().Equal("1c58a3a8518e8759bf075b76b750d4f2df264fcd", "6938fd4d98bab03faadb97b34396831e3780aea1");
        github.CreateDate.Should().Be(new DateTimeOffset(2023, 2, 1, 10, 0, 0, TimeSpan.Zero));
        snapshot.OpenIdConnectProviders.Value.Single(p => p.Arn.Contains("eks", StringComparison.Ordinal)).HasDetails.Should().BeFalse("no details file names it");
        System.Text.Encoding.UTF8.GetString(SnapshotFile.ToBytes(snapshot)).Should().NotContain("never-read");
    }

    [Fact]
    public async Task Load_ProviderDetailsInTheListItself_AreRead()
    {
        // The shape a live capture writes, and a script that merges both calls would: details inside each list entry.
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "list-open-id-connect-providers.json", """
            {"OpenIDConnectProviderList": [{"Arn": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
              "Url": "https://token.actions.githubusercontent.com", "ClientIDList": ["sts.amazonaws.com", "sts.amazonaws.com"], "ThumbprintList": []}]}
            """);

        var provider = (await LoadAsync(folder)).Snapshot.OpenIdConnectProviders!.Value.Single();

        provider.Url.Should().Be("token.actions.githubusercontent.com", "the scheme is dropped, as IAM returns it");
        provider.ClientIds.Should().Equal("sts.amazonaws.com");
        provider.Thumbprints.Should().BeEmpty();
        provider.HasDetails.Should().BeTrue();
    }

    [Fact]
    public async Task Load_DetailsFileForNoListedProvider_IsLeftOutWithAWarning()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "list-open-id-connect-providers.json", """{"OpenIDConnectProviderList": []}""");
        Write(folder, "get-open-id-connect-provider-github.json", GitHubDetails);

        var (snapshot, warnings) = await LoadAsync(folder);

        snapshot.OpenIdConnectProviders!.Value.Should().BeEmpty();
        warnings.Should().ContainSingle().Which.Should().Match<SnapshotWarning>(w =>
            w.FilePath == folder.File("get-open-id-connect-provider-github.json") && w.Message.Contains("token.actions.githubusercontent.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_DetailsFileWithoutTheList_IsLeftOutWithAWarning()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "iam-get-open-id-connect-provider.json", GitHubDetails);

        var (snapshot, warnings) = await LoadAsync(folder);

        snapshot.OpenIdConnectProviders.Should().BeNull();
        warnings.Should().ContainSingle().Which.Message.Should().Contain("list-open-id-connect-providers.json");
    }

    [Fact]
    public async Task Load_TwoDetailsFilesForOneProvider_IsAnError()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "list-open-id-connect-providers.json", Providers);
        Write(folder, "get-open-id-connect-provider-a.json", GitHubDetails);
        Write(folder, "get-open-id-connect-provider-b.json", GitHubDetails);

        var act = () => SnapshotFile.LoadAsync(folder.Path);

        var error = (await act.Should().ThrowAsync<SnapshotFormatException>()).Which;
        error.FilePath.Should().Be(folder.File("get-open-id-connect-provider-b.json"));
        error.Message.Should().Contain("get-open-id-connect-provider-a.json");
    }

    [Fact]
    public async Task Load_KeyListedTwice_NamesBothPlaces()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "list-access-keys.json", """
            {"AccessKeyMetadata": [{"UserName": "bob", "AccessKeyId": "AKIABOB2", "Status": "Active"}, {"UserName": "bob", "AccessKeyId": "AKIABOB2", "Status": "Inactive"}]}
            """);

        var act = () => SnapshotFile.LoadAsync(folder.Path);

        var error = (await act.Should().ThrowAsync<SnapshotFormatException>()).Which;
        error.Message.Should().Contain("$.AccessKeyMetadata[1].AccessKeyId").And.Contain("$.AccessKeyMetadata[0]");
    }

    [Fact]
    public async Task Load_KeysOfAnUnknownUser_AreKeptWithAWarning()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "list-access-keys.json", """{"AccessKeyMetadata": [{"UserName": "mallory", "AccessKeyId": "AKIAMAL", "Status": "Active"}]}""");

        var (snapshot, warnings) = await LoadAsync(folder);

        snapshot.AccessKeysOf("mallory").Should().ContainSingle();
        warnings.Should().ContainSingle().Which.Message.Should().Contain("mallory");
    }

    [Fact]
    public async Task Load_CertificateWithoutArn_NamesTheFileAndPath()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "list-server-certificates.json", """{"ServerCertificateMetadataList": [{"ServerCertificateName": "www"}]}""");

        var act = () => SnapshotFile.LoadAsync(folder.Path);

        var error = (await act.Should().ThrowAsync<SnapshotFormatException>()).Which;
        error.FilePath.Should().Be(folder.File("list-server-certificates.json"));
        error.Message.Should().Contain("$.ServerCertificateMetadataList[0].Arn");
    }

    [Fact]
    public async Task Load_SameFolderTwice_IsByteIdentical()
    {
        using var folder = new TempFolder();
        Write(folder, "get-account-authorization-details.json", Authz);
        Write(folder, "list-access-keys.json", """{"AccessKeyMetadata": [{"UserName": "bob", "AccessKeyId": "AKIAB", "Status": "Active"}, {"UserName": "alice", "AccessKeyId": "AKIAA", "Status": "Active"}]}""");
        Write(folder, "list-open-id-connect-providers.json", Providers);
        Write(folder, "get-open-id-connect-provider-github.json", GitHubDetails);

        var first = SnapshotFile.ToBytes((await LoadAsync(folder)).Snapshot);
        var second = SnapshotFile.ToBytes((await LoadAsync(folder)).Snapshot);

        second.Should().Equal(first);
    }
}
