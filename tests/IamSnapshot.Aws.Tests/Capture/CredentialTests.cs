using IamSnapshot.Aws.Tests.Support;

namespace IamSnapshot.Aws.Tests.Capture;

public sealed class CredentialTests
{
    [Fact]
    public async Task Capture_NamedProfile_SignsWithTheProfileKeysAndTakesItsRegion()
    {
        await using var server = await FakeAws.StartAsync("cloudmapper-demo-authz.json");
        // STS is regional: the profile's region must reach the signing scope.
        server.SigningRegions["sts"] = "eu-central-1";
        var options = FakeAws.Options(server) with { Credentials = null, Profile = TestEnvironment.ProfileName, Region = null };

        var snapshot = await new AwsIamSnapshotSource(options).LoadAsync();

        snapshot.Users.Should().HaveCount(2);
        server.RejectedSignatures.Should().Be(0);
        server.RequestsOf("GetCallerIdentity").Should().ContainSingle().Which.Status.Should().Be(200);
    }

    [Fact]
    public async Task Capture_UnknownProfile_IsAConfigurationError()
    {
        await using var server = await FakeAws.StartAsync("cloudmapper-demo-authz.json");
        var options = FakeAws.Options(server) with { Credentials = null, Profile = "no-such-profile" };

        var act = () => new AwsIamSnapshotSource(options).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Kind.Should().Be(AwsFailureKind.Configuration);
        error.Message.Should().Contain("'no-such-profile' was not found");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Capture_EndpointFromEnvironment_ReachesTheFakeWithoutAnExplicitUrl()
    {
        await using var server = await FakeAws.StartAsync("cloudmapper-demo-authz.json");
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_IAM"] = server.BaseUrl.ToString(), ["AWS_ENDPOINT_URL_STS"] = server.BaseUrl.ToString() };
        var options = FakeAws.Options(server) with { EndpointUrl = null, EnvironmentVariables = env.GetValueOrDefault };

        var snapshot = await new AwsIamSnapshotSource(options).LoadAsync();

        snapshot.Metadata.AccountId.Should().Be(FakeAws.CallerAccountId);
        server.Requests.Select(r => r.Service).Distinct().Should().BeEquivalentTo("iam", "sts");
    }
}
