using System.Text;
using Amazon.Runtime;
using IamSnapshot.Aws.Fakes;
using IamSnapshot.Model;
using IamSnapshot.Sources;
using IamSnapshot.Synthetic;

namespace IamSnapshot.Aws.Tests.Synthetic;

/// <summary>The synthetic-account generator feeds the live-capture fake (design §12): a capture gives back what it generated.</summary>
public sealed class SyntheticCaptureTests
{
    [Fact]
    public async Task CaptureAsync_SyntheticAccount_EqualsTheGeneratedSnapshot()
    {
        var generated = SyntheticAccount.Create(SyntheticAccountSize.Small);
        var account = new FakeAccount(SyntheticAccount.AccountId, SyntheticAccount.AuthorizationDetailsJson(generated)) { MaxPageSize = 50, CredentialReportPollsBeforeComplete = 0 };
        await using var server = await FakeAwsServer.StartAsync(account, policy: null);
        var options = new AwsCaptureOptions
        {
            Credentials = new BasicAWSCredentials(FakeAwsServer.AccessKeyId, FakeAwsServer.SecretAccessKey),
            EndpointUrl = server.BaseUrl,
            Region = "us-east-1",
            Parts = SnapshotParts.AuthorizationDetails,
            EnvironmentVariables = _ => null,
        };

        var captured = await new AwsIamSnapshotSource(options).LoadAsync();

        // Same metadata on both sides, then byte-for-byte equal saved files.
        var metadata = captured.Metadata with { Parts = SnapshotParts.AuthorizationDetails };
        var left = new AccountSnapshot(metadata, captured.Users, captured.Groups, captured.Roles, captured.Policies, captured.InstanceProfiles);
        var right = new AccountSnapshot(metadata, generated.Users, generated.Groups, generated.Roles, generated.Policies, generated.InstanceProfiles);
        Encoding.UTF8.GetString(SnapshotFile.ToBytes(left)).Should().Be(Encoding.UTF8.GetString(SnapshotFile.ToBytes(right)));
        captured.Users.Should().HaveCount(100);
        captured.Roles.Should().HaveCount(100);
    }
}
