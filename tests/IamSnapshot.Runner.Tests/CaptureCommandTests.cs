using IamSnapshot.Aws.Fakes;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Tests;

/// <summary>The capture command against the fake AWS endpoint (credentials from the environment, as in CI).</summary>
[Collection(nameof(CaptureCommandTests))]
[CollectionDefinition(nameof(CaptureCommandTests), DisableParallelization = true)]
public sealed class CaptureCommandTests : IDisposable
{
    private const string Caller = "444455556666";
    private const string Other = "111111111111";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iamsnapshot-capture-" + Guid.NewGuid().ToString("N"));

    public CaptureCommandTests()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_folder, "no-config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_folder, "no-credentials"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", FakeAwsServer.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", FakeAwsServer.SecretAccessKey);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Capture_OneAccountToAFile_WritesALoadableSnapshot()
    {
        await using var server = await StartAsync();
        var output = Path.Combine(_folder, "snapshot.json");

        var (code, _, error) = await RunnerHarness.RunAsync("capture", "--output", output, "--endpoint-url", server.BaseUrl.ToString(), "--region", "us-east-1");

        code.Should().Be(0, error);
        var snapshot = await SnapshotFile.LoadAsync(output);
        snapshot.Metadata.AccountId.Should().Be(Caller);
        snapshot.Metadata.Source.Should().Be("live");
        snapshot.Users.Length.Should().Be(server.CallerAccount.UserNames.Count);
        error.Should().Contain($"Captured account {Caller}").And.Contain("authorization details: page");
    }

    [Fact]
    public async Task Capture_SeveralRolesWithOneFailing_StoresTheOthersAndExitsThree()
    {
        await using var server = await StartAsync();
        var store = Path.Combine(_folder, "store");

        var (code, _, error) = await RunnerHarness.RunAsync(
            "capture", "--store", store, "--endpoint-url", server.BaseUrl.ToString(), "--region", "us-east-1", "--external-id", "ext-1",
            "--role-arn", $"arn:aws:iam::{Other}:role/Audit", "--role-arn", $"arn:aws:iam::{Other}:role/Missing");

        code.Should().Be(3);
        File.Exists(Path.Combine(store, Other, "latest")).Should().BeTrue();
        error.Should().Contain($"error: account {Other} (arn:aws:iam::{Other}:role/Missing)").And.Contain("Captured 1 of 2 accounts.");
    }

    [Fact]
    public async Task Capture_AccessDeniedWithoutAllowPartial_ExitsThreeNamingThePart()
    {
        await using var server = await StartAsync();
        server.Deny("iam:GetCredentialReport");

        var (code, _, error) = await RunnerHarness.RunAsync("capture", "--output", Path.Combine(_folder, "x.json"), "--endpoint-url", server.BaseUrl.ToString());

        code.Should().Be(3);
        error.Should().Contain("CredentialReport: GetCredentialReport failed: AccessDenied");
        File.Exists(Path.Combine(_folder, "x.json")).Should().BeFalse();
    }

    [Theory]
    [InlineData("capture", "--endpoint-url", "http://127.0.0.1:1/")]
    [InlineData("capture", "--output", "a.json", "--store", "dir")]
    [InlineData("capture", "--output", "a.json", "--role-arn", "arn:aws:iam::111111111111:role/A", "--role-arn", "arn:aws:iam::222222222222:role/B")]
    [InlineData("capture", "--output", "a.json", "--role-arn", "not-an-arn")]
    [InlineData("capture", "--store", "dir", "--sse", "aws:kms")]
    public async Task Capture_BadUsage_ExitsTwo(params string[] args)
    {
        var (code, _, error) = await RunnerHarness.RunAsync(args);

        code.Should().Be(2);
        error.Should().StartWith("error: ");
    }

    private static async Task<FakeAwsServer> StartAsync()
    {
        var authz = RunnerHarness.TestData("realdata", "authz", "cloudmapper-demo-authz.json");
        var server = await FakeAwsServer.StartAsync(FakeAccount.FromFile(Caller, authz), policy: null);
        var other = FakeAccount.FromFile(Other, authz);
        other.Roles["Audit"] = new FakeRole("ext-1");
        server.AddAccount(other);
        return server;
    }
}
