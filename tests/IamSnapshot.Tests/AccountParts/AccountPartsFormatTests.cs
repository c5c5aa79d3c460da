using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.Model;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;
using Json.Schema;

namespace IamSnapshot.Tests.AccountParts;

/// <summary>Access-key metadata, server certificates and OIDC provider details in the model and the saved format.</summary>
public class AccountPartsFormatTests
{
    private const string Account = "210987654321";
    private const string GitHub = $"arn:aws:iam::{Account}:oidc-provider/token.actions.githubusercontent.com";

    internal static AccountSnapshot Snapshot(Action<OptionalParts> parts)
    {
        var entities = new AccountSnapshot(
            new SnapshotMetadata { AccountId = Account, Source = "test", Parts = SnapshotParts.AuthorizationDetails, CapturedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) },
            [new IamUser { Arn = $"arn:aws:iam::{Account}:user/alice", Name = "alice" }, new IamUser { Arn = $"arn:aws:iam::{Account}:user/bob", Name = "bob" }],
            [],
            [],
            [],
            []);
        var optional = OptionalParts.Of(entities);
        parts(optional);
        return optional.ApplyTo(entities);
    }

    internal static AccessKeyMetadata Key(string user, string id, string status = "Active", int day = 1) =>
        new() { UserName = user, AccessKeyId = id, Status = status, CreateDate = new DateTimeOffset(2026, 1, day, 0, 0, 0, TimeSpan.Zero) };

    internal static ServerCertificate Certificate(string name, string id = "ASCAEXAMPLE1", int expiresYear = 2030) => new()
    {
        Arn = $"arn:aws:iam::{Account}:server-certificate/elb/{name}",
        Name = name,
        Id = id,
        Path = "/elb/",
        UploadDate = new DateTimeOffset(2020, 5, 1, 0, 0, 0, TimeSpan.Zero),
        Expiration = new DateTimeOffset(expiresYear, 5, 1, 0, 0, 0, TimeSpan.Zero),
    };

    internal static OpenIdConnectProvider Oidc(string[]? clientIds, string[]? thumbprints) => new()
    {
        Arn = GitHub,
        Url = clientIds is null ? null : "token.actions.githubusercontent.com",
        ClientIds = clientIds?.Order(StringComparer.Ordinal).ToImmutableArray(),
        Thumbprints = thumbprints?.Order(StringComparer.Ordinal).ToImmutableArray(),
        CreateDate = clientIds is null ? null : new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static AccountSnapshot Everything() => Snapshot(p =>
    {
        p.AccessKeys = [Key("bob", "AKIAB2"), Key("alice", "AKIAA1", "Inactive"), Key("bob", "AKIAB1", day: 3)];
        p.ServerCertificates = [Certificate("www"), Certificate("api", "ASCAEXAMPLE2", 2019)];
        p.OpenIdConnectProviders = [Oidc(["sts.amazonaws.com"], ["6938fd4d98bab03faadb97b34396831e3780aea1"])];
    });

    [Fact]
    public void SaveLoad_NewParts_RoundTripByteIdenticallyAndSorted()
    {
        var snapshot = Everything();

        var bytes = SnapshotFile.ToBytes(snapshot);
        var reloaded = SnapshotFile.Load(bytes, "saved.json");

        reloaded.AccessKeys!.Value.Select(k => k.AccessKeyId).Should().Equal("AKIAA1", "AKIAB1", "AKIAB2");
        reloaded.AccessKeys.Value.Should().Equal(snapshot.AccessKeys!.Value);
        reloaded.ServerCertificates!.Value.Select(c => c.Name).Should().Equal("api", "www");
        reloaded.ServerCertificates.Value.Should().Equal(snapshot.ServerCertificates!.Value);
        reloaded.OpenIdConnectProviders!.Value.Should().Equal(snapshot.OpenIdConnectProviders!.Value, "details survive and the record compares lists by content");
        reloaded.Metadata.Parts.Should().HaveFlag(SnapshotParts.AccessKeys).And.HaveFlag(SnapshotParts.ServerCertificates).And.HaveFlag(SnapshotParts.IdentityProviders);
        reloaded.AccessKeysOf("bob").Select(k => k.AccessKeyId).Should().Equal("AKIAB1", "AKIAB2");
        reloaded.AccessKeysOf("carol").Should().BeEmpty();
        SnapshotFile.ToBytes(reloaded).Should().Equal(bytes);
    }

    [Fact]
    public void Save_NewSectionsComeLastWithFixedKeyOrder()
    {
        var json = JsonNode.Parse(Encoding.UTF8.GetString(SnapshotFile.ToBytes(Everything())))!;

        json.AsObject().Select(p => p.Key).Should().EndWith(["identityProviders", "accessKeys", "serverCertificates"]);
        json["accessKeys"]![0]!.AsObject().Select(p => p.Key).Should().Equal("userName", "accessKeyId", "status", "createDate");
        json["serverCertificates"]![0]!.AsObject().Select(p => p.Key).Should().Equal("arn", "name", "id", "path", "uploadDate", "expiration");
        json["identityProviders"]!["openIdConnect"]![0]!.AsObject().Select(p => p.Key).Should().Equal("arn", "url", "clientIds", "thumbprints", "createDate");
    }

    [Fact]
    public void Save_NewParts_ValidateAgainstThePublishedSchema()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Repo.File("docs", "snapshot.schema.json")));
        var json = JsonNode.Parse(Encoding.UTF8.GetString(SnapshotFile.ToBytes(Everything())));

        schema.Evaluate(json, new EvaluationOptions { RequireFormatValidation = true }).IsValid.Should().BeTrue();

        json!["accessKeys"]![0]!["secretAccessKey"] = "x";
        schema.Evaluate(json, new EvaluationOptions { RequireFormatValidation = true }).IsValid.Should().BeFalse("an access key entry has no room for anything else, a secret least of all");
    }

    [Fact]
    public void SaveLoad_ProviderWithoutDetails_StaysUnknownNotEmpty()
    {
        var snapshot = Snapshot(p => p.OpenIdConnectProviders = [Oidc(null, null)]);

        var json = Encoding.UTF8.GetString(SnapshotFile.ToBytes(snapshot));
        var provider = SnapshotFile.Load(Encoding.UTF8.GetBytes(json), "saved.json").OpenIdConnectProviders!.Value.Single();

        provider.HasDetails.Should().BeFalse();
        provider.ClientIds.Should().BeNull();
        json.Should().Contain("\"clientIds\": null");
    }

    [Fact]
    public void Load_FileWrittenBeforeProviderDetails_ReadsTheProviderWithoutDetails()
    {
        const string Old = $$$"""
            {"schemaVersion": 1, "metadata": {"partition": "aws", "capturedAt": null, "source": "test", "parts": ["identityProviders"]},
             "identityProviders": {"openIdConnect": [{"arn": "{{{GitHub}}}"}]}}
            """;

        var provider = SnapshotFile.Load(Encoding.UTF8.GetBytes(Old), "old.json").OpenIdConnectProviders!.Value.Single();

        provider.Arn.Should().Be(GitHub);
        provider.HasDetails.Should().BeFalse();
    }

    [Fact]
    public void Load_AccessKeyWithoutId_NamesThePlace()
    {
        const string Bad = """
            {"schemaVersion": 1, "metadata": {"partition": "aws", "capturedAt": null, "source": "test", "parts": ["accessKeys"]},
             "accessKeys": [{"userName": "alice", "status": "Active", "createDate": null}]}
            """;

        var act = () => SnapshotFile.Load(Encoding.UTF8.GetBytes(Bad), "bad.json");

        act.Should().Throw<SnapshotFormatException>().Which.Message.Should().Contain("bad.json").And.Contain("$.accessKeys[0].accessKeyId");
    }

    [Fact]
    public void Parts_AbsentAndEmpty_StayDistinct()
    {
        var snapshot = Snapshot(p => p.AccessKeys = ImmutableArray<AccessKeyMetadata>.Empty);

        var reloaded = SnapshotFile.Load(SnapshotFile.ToBytes(snapshot), "saved.json");

        reloaded.AccessKeys!.Value.Should().BeEmpty();
        reloaded.Metadata.Has(SnapshotParts.AccessKeys).Should().BeTrue();
        reloaded.ServerCertificates.Should().BeNull();
        reloaded.Metadata.Has(SnapshotParts.ServerCertificates).Should().BeFalse();
    }

    [Fact]
    public void ServerCertificate_IsExpiredAt_JudgesAgainstTheGivenTime()
    {
        var certificate = Certificate("www", expiresYear: 2026);

        certificate.IsExpiredAt(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)).Should().BeTrue();
        certificate.IsExpiredAt(new DateTimeOffset(2026, 4, 30, 23, 59, 59, TimeSpan.Zero)).Should().BeFalse();
        (certificate with { Expiration = null }).IsExpiredAt(DateTimeOffset.MaxValue).Should().BeFalse();
    }
}
