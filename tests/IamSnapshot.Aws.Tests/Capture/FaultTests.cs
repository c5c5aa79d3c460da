using System.Net;
using IamSnapshot.Aws.Capture;
using IamSnapshot.Aws.Fakes;
using IamSnapshot.Aws.Tests.Support;
using IamSnapshot.Model;

namespace IamSnapshot.Aws.Tests.Capture;

public sealed class FaultTests
{
    private const string Gaad = "GetAccountAuthorizationDetails";

    [Theory]
    [InlineData(FakeFaultKind.Throttling)]
    [InlineData(FakeFaultKind.TooManyRequests)]
    [InlineData(FakeFaultKind.InternalError)]
    [InlineData(FakeFaultKind.ServiceUnavailable)]
    [InlineData(FakeFaultKind.TruncatedBody)]
    public async Task Capture_TransientFaultsOnAPage_AreRetriedAndTheSnapshotIsWhole(FakeFaultKind kind)
    {
        await using var server = await FakeAws.StartAsync();
        var progress = new FakeAws.ProgressLog();
        server.Inject(Gaad, new FakeFault(kind), new FakeFault(kind));
        server.Inject("ListAccessKeys", new FakeFault(kind));

        var captured = await AccountCapturer.CaptureAsync(FakeAws.Options(server, progress), default);

        var pages = (server.CallerAccount.Items.Count + 24) / 25;
        captured.AuthorizationDetailsPages.Should().Be(pages);
        server.RequestsOf(Gaad).Should().HaveCount(pages + 2);
        server.RequestsOf("ListAccessKeys").Should().HaveCount(server.CallerAccount.UserNames.Count + 1);
        var snapshot = AwsIamSnapshotSource.ToSnapshot(captured);
        snapshot.Users.Length.Should().Be(server.CallerAccount.UserNames.Count);
        progress.Events.Count(e => e.Stage == CaptureStage.Retrying).Should().Be(3);
    }

    [Fact]
    public async Task Capture_ThrottledOnEveryAttempt_FailsWithTheOperationAndCode()
    {
        await using var server = await FakeAws.StartAsync();
        server.Inject(Gaad, Enumerable.Repeat(new FakeFault(FakeFaultKind.Throttling), 20).ToArray());
        var options = FakeAws.Options(server) with { MaxRetryAttempts = 3 };

        var act = () => new AwsIamSnapshotSource(options).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Kind.Should().Be(AwsFailureKind.Throttled);
        error.Operation.Should().Be(Gaad);
        error.ErrorCode.Should().Be("Throttling");
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error.Part.Should().Be(SnapshotParts.AuthorizationDetails);
        error.RequestId.Should().NotBeNullOrEmpty();
        server.RequestsOf(Gaad).Should().HaveCount(4);
    }

    [Fact]
    public async Task Capture_MalformedPage_FailsInsteadOfReturningAShortSnapshot()
    {
        await using var server = await FakeAws.StartAsync();
        server.Inject(Gaad, new FakeFault(FakeFaultKind.Slow), new FakeFault(FakeFaultKind.MalformedBody));

        var act = () => new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Kind.Should().Be(AwsFailureKind.MalformedResponse);
        error.Message.Should().Contain("not well-formed XML");
        error.Part.Should().Be(SnapshotParts.AuthorizationDetails);
        server.RequestsOf(Gaad).Should().HaveCount(2, "a malformed body is not retried and stops the paging");
    }

    [Fact]
    public async Task Capture_SlowPageBeyondTheAttemptTimeout_IsRetried()
    {
        await using var server = await FakeAws.StartAsync();
        server.Inject(Gaad, new FakeFault(FakeFaultKind.Slow, TimeSpan.FromSeconds(5)));
        var options = FakeAws.Options(server) with { AttemptTimeout = TimeSpan.FromMilliseconds(800) };

        var captured = await AccountCapturer.CaptureAsync(options, default);

        captured.AuthorizationDetailsPages.Should().Be((server.CallerAccount.Items.Count + 24) / 25);
        server.RequestsOf(Gaad).Count.Should().Be(captured.AuthorizationDetailsPages + 1);
        server.RequestsOf(Gaad).Should().Contain(r => r.Status == 499, "the first attempt was abandoned by the client");
    }

    [Fact]
    public async Task Capture_PastTheOverallDeadline_FailsWithTimeout()
    {
        await using var server = await FakeAws.StartAsync();
        server.Latency = TimeSpan.FromMilliseconds(100);
        var options = FakeAws.Options(server) with { Deadline = TimeSpan.FromMilliseconds(300) };

        var act = () => new AwsIamSnapshotSource(options).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Kind.Should().Be(AwsFailureKind.Timeout);
        error.Message.Should().Contain("deadline");
    }

    [Fact]
    public async Task Capture_AccessDeniedOnAnOptionalPart_WithoutAllowPartial_FailsNamingThePart()
    {
        await using var server = await FakeAws.StartAsync();
        server.Deny("iam:GetCredentialReport");

        var act = () => new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Kind.Should().Be(AwsFailureKind.AccessDenied);
        error.Part.Should().Be(SnapshotParts.CredentialReport);
        error.Operation.Should().Be("GetCredentialReport");
        error.AccountId.Should().Be(FakeAws.CallerAccountId);
        error.Message.Should().StartWith("CredentialReport: GetCredentialReport failed: AccessDenied (HTTP 403)").And.Contain("iam:GetCredentialReport");
    }

    [Fact]
    public async Task Capture_AccessDeniedOnOptionalParts_WithAllowPartial_LeavesThemOutWithWarnings()
    {
        await using var server = await FakeAws.StartAsync();
        var progress = new FakeAws.ProgressLog();
        server.Deny("iam:GetCredentialReport");
        server.Deny("iam:ListAccessKeys");
        var options = FakeAws.Options(server, progress) with { AllowPartial = true };

        var result = await new AwsIamSnapshotSource(options).CaptureAsync();
        var captured = await AccountCapturer.CaptureAsync(options with { Progress = null }, default);

        result.IsComplete.Should().BeFalse();
        result.Warnings.Select(w => w.Part).Should().Equal(SnapshotParts.CredentialReport, SnapshotParts.AccessKeys);
        result.Warnings[0].Operation.Should().Be("GetCredentialReport");
        result.Warnings[0].Message.Should().Contain("AccessDenied");
        result.Snapshot.Users.Should().NotBeEmpty();
        captured.Parts.Should().Be(AwsCaptureOptions.AllParts & ~SnapshotParts.CredentialReport & ~SnapshotParts.AccessKeys);
        result.Snapshot.CredentialReport.Should().BeNull();
        result.Snapshot.Metadata.Has(SnapshotParts.CredentialReport).Should().BeFalse("an absent part is not claimed");
        result.Snapshot.PasswordPolicy.Should().NotBeNull();
        progress.Events.Where(e => e.Stage == CaptureStage.PartSkipped).Select(e => e.Part).Should().BeEquivalentTo([SnapshotParts.CredentialReport, SnapshotParts.AccessKeys]);
    }

    [Fact]
    public async Task Capture_AccessDeniedOnAuthorizationDetails_FailsEvenWithAllowPartial()
    {
        await using var server = await FakeAws.StartAsync();
        server.Deny("iam:GetAccountAuthorizationDetails");
        var options = FakeAws.Options(server) with { AllowPartial = true };

        var act = () => new AwsIamSnapshotSource(options).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Kind.Should().Be(AwsFailureKind.AccessDenied);
        error.Part.Should().Be(SnapshotParts.AuthorizationDetails);
    }

    [Fact]
    public async Task Capture_CallerPolicyWithoutADocumentedAction_IsRefusedByTheFake()
    {
        var policy = FakeAws.DocumentedPolicy().Where(a => a != "iam:ListServerCertificates").ToHashSet();
        await using var server = await FakeAws.StartAsync(policy: policy);

        var act = () => new AwsIamSnapshotSource(FakeAws.Options(server)).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Part.Should().Be(SnapshotParts.ServerCertificates);
        error.Message.Should().Contain("is not authorized to perform: iam:ListServerCertificates");
    }

    [Fact]
    public async Task Capture_WrongSecret_IsRejectedAsACredentialsFailure()
    {
        await using var server = await FakeAws.StartAsync();
        var options = FakeAws.Options(server) with { Credentials = new Amazon.Runtime.BasicAWSCredentials(FakeAwsServer.AccessKeyId, "not-the-secret") };

        var act = () => new AwsIamSnapshotSource(options).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        error.Kind.Should().Be(AwsFailureKind.Credentials);
        error.ErrorCode.Should().Be("SignatureDoesNotMatch");
        server.RejectedSignatures.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Capture_Failures_NeverExposeSecretsInMessagesOrProgress()
    {
        await using var server = await FakeAws.StartAsync();
        server.CallerAccount.Roles["Auditor"] = new FakeRole("external-id-123", FakeAws.DocumentedPolicy());
        var progress = new FakeAws.ProgressLog();
        server.Inject(Gaad, new FakeFault(FakeFaultKind.Throttling), new FakeFault(FakeFaultKind.TruncatedBody));
        server.Deny("iam:ListSAMLProviders");
        var options = FakeAws.Options(server, progress) with { RoleArn = $"arn:aws:iam::{FakeAws.CallerAccountId}:role/Auditor", ExternalId = "external-id-123" };

        var act = () => new AwsIamSnapshotSource(options).CaptureAsync();

        var error = (await act.Should().ThrowAsync<AwsCaptureException>()).Which;
        var texts = progress.Events.Select(e => e.Message).Append(error.ToString()).Append(options.ToString()).ToList();
        var secrets = server.Secrets.Append("Signature=").Append("external-id-123").ToList();
        secrets.Should().HaveCountGreaterThan(3, "the assumed role's secret and token are among them");
        foreach (var secret in secrets)
        {
            texts.Should().NotContain(t => t.Contains(secret, StringComparison.Ordinal));
        }
    }
}
