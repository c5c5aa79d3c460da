using IamSnapshot.CloudTrail;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using static IamSnapshot.Tests.CloudTrail.IamEventNormalizationTests;

namespace IamSnapshot.Tests.AccountParts;

/// <summary>CloudTrail attribution of the new account-part changes: key ids, OIDC client ids and server certificates.</summary>
public class AccountPartsAttributionTests
{
    private const string Account = "111122223333";
    private const string Provider = $"arn:aws:iam::{Account}:oidc-provider/token.actions.githubusercontent.com";

    private static AccountSnapshot Snapshot(DateTimeOffset capturedAt, Action<OptionalParts> parts)
    {
        var entities = new AccountSnapshot(
            new SnapshotMetadata { AccountId = Account, Source = "test", Parts = SnapshotParts.AuthorizationDetails, CapturedAt = capturedAt },
            [new IamUser { Arn = $"arn:aws:iam::{Account}:user/alice", Name = "alice", UniqueId = "AIDAALICE" }],
            [],
            [],
            [],
            []);
        var optional = new OptionalParts();
        parts(optional);
        return optional.ApplyTo(entities);
    }

    private static OpenIdConnectProvider Oidc(params string[] clientIds) =>
        new() { Arn = Provider, Url = "token.actions.githubusercontent.com", ClientIds = [.. clientIds], Thumbprints = [] };

    [Fact]
    public async Task Compute_KeyReplacedClientIdAddedCertificateUploaded_EachChangeGetsItsEvents()
    {
        var before = Snapshot(new(2023, 7, 10, 12, 0, 0, TimeSpan.Zero), p =>
        {
            p.AccessKeys = [new AccessKeyMetadata { UserName = "alice", AccessKeyId = "AKIAOLD", Status = "Active" }];
            p.OpenIdConnectProviders = [Oidc("sts.amazonaws.com")];
            p.ServerCertificates = [];
        });
        var after = Snapshot(new(2023, 7, 10, 13, 0, 0, TimeSpan.Zero), p =>
        {
            p.AccessKeys = [new AccessKeyMetadata { UserName = "alice", AccessKeyId = "AKIANEW", Status = "Active" }];
            p.OpenIdConnectProviders = [Oidc("sts.amazonaws.com", "evil-app")];
            p.ServerCertificates = [new ServerCertificate { Arn = $"arn:aws:iam::{Account}:server-certificate/elb/www", Name = "www", Path = "/elb/" }];
        });
        var log = await LoadRecordsAsync(
            Derive("CreateAccessKey", """{"userName":"alice"}""", """{"accessKey":{"userName":"alice","accessKeyId":"AKIANEW","status":"Active"}}"""),
            Derive("DeleteAccessKey", """{"userName":"alice","accessKeyId":"AKIAOLD"}"""),
            Derive("AddClientIDToOpenIDConnectProvider", $$"""{"openIDConnectProviderArn":"{{Provider}}","clientID":"evil-app"}"""),
            Derive("UploadServerCertificate", """{"serverCertificateName":"www","path":"/elb/"}"""));
        var diff = SnapshotDiffer.Compare(before, after);

        var attribution = ChangeAttribution.Compute(diff, log);

        var user = diff.Changes.Single(c => c.EntityType == EntityKind.User);
        var account = diff.Changes.Single(c => c.EntityType == EntityKind.Account);
        attribution.EventsFor(user).Select(e => e.Event.EventName).Should().BeEquivalentTo("CreateAccessKey", "DeleteAccessKey");
        attribution.EventsFor(account).Select(e => e.Event.EventName).Should().BeEquivalentTo("AddClientIDToOpenIDConnectProvider", "UploadServerCertificate");
    }

    [Fact]
    public void Queries_ProviderAndCertificatePaths_NameTheProviderArnAndTheCertificateName()
    {
        var change = new EntityChange
        {
            Kind = ChangeKind.Modified,
            EntityType = EntityKind.Account,
            Arn = $"arn:aws:iam::{Account}:root",
            Properties =
            [
                new PropertyChange(AccountPartsDiffer.OidcPath(Provider) + "/thumbprints/abcd", ChangeCategory.AccountSettings, null, "\"abcd\""),
                new PropertyChange($"/serverCertificates/arn:aws:iam::{Account}:server-certificate~1elb~1www", ChangeCategory.Credentials, null, "{}"),
            ],
        };

        ChangeAttribution.Queries(change).Select(q => (q.Category, q.Subject)).Should().Equal(
            (IamChangeCategory.IdentityProvider, Provider),
            (IamChangeCategory.ServerCertificate, "www"));
    }
}
