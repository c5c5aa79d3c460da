using IamSnapshot.Aws.Fakes;
using IamSnapshot.Aws.Tests.Support;

namespace IamSnapshot.Aws.Tests.MultiAccount;

public sealed class MultiAccountCaptureTests
{
    private const string First = "111111111111";
    private const string Second = "222222222222";
    private const string Suspended = "333333333333";

    [Fact]
    public async Task CaptureAsync_RoleArns_CapturesEachAccountAndReportsTheFailedOneWithoutLosingOthers()
    {
        await using var server = await StartAsync();
        var stored = new List<string>();
        var capture = MultiAccountCapture.ForRoles(
            FakeAws.Options(server) with { ExternalId = "org-audit" },
            [$"arn:aws:iam::{Second}:role/Audit", $"arn:aws:iam::{First}:role/Audit", $"arn:aws:iam::{Suspended}:role/Audit"],
            maxParallelAccounts: 2);

        var result = await capture.CaptureAsync((r, _) =>
        {
            lock (stored)
            {
                stored.Add(r.AccountId);
            }

            return Task.CompletedTask;
        });

        result.AllSucceeded.Should().BeFalse();
        result.Accounts.Select(a => a.AccountId).Should().Equal(First, Second, Suspended);
        result.Succeeded.Select(a => a.AccountId).Should().Equal(First, Second);
        stored.Should().BeEquivalentTo([First, Second]);
        result.Accounts[0].Result!.Snapshot.Metadata.AccountId.Should().Be(First);
        result.Accounts[0].Result!.Snapshot.Users.Length.Should().Be(2, "the first account serves the cloudmapper data");
        result.Accounts[1].Result!.Snapshot.Groups.Length.Should().Be(1, "the second account serves the managed-policy-mismatch data");
        var failure = result.Failed.Single();
        failure.Error.Should().BeOfType<AwsCaptureException>().Which.Kind.Should().Be(AwsFailureKind.Credentials);
        failure.Error!.Message.Should().Contain($"Could not assume arn:aws:iam::{Suspended}:role/Audit");
        // Every IAM call in a target account was signed with that account's temporary credentials.
        server.Requests.Where(r => r.Service == "iam").Should().OnlyContain(r => r.AccessKeyId.StartsWith("ASIA", StringComparison.Ordinal) && r.AccountId != FakeAws.CallerAccountId);
    }

    [Fact]
    public async Task CaptureAsync_Organization_CapturesEveryActiveAccountThroughTheNamedRole()
    {
        await using var server = await StartAsync();
        server.OrganizationAccounts.AddRange([new(First, "prod"), new(Suspended, "old", "SUSPENDED"), new(Second, "dev")]);

        var result = await MultiAccountCapture.ForOrganization(FakeAws.Options(server) with { ExternalId = "org-audit" }, "Audit").CaptureAsync();

        result.AllSucceeded.Should().BeTrue();
        result.Accounts.Select(a => a.RoleArn).Should().Equal($"arn:aws:iam::{First}:role/Audit", $"arn:aws:iam::{Second}:role/Audit");
        server.RequestsOf("ListAccounts").Should().HaveCount(2, "the fake pages accounts two at a time");
    }

    [Fact]
    public async Task CaptureAsync_CallbackThrows_MarksOnlyThatAccountFailed()
    {
        await using var server = await StartAsync();
        var capture = MultiAccountCapture.ForRoles(FakeAws.Options(server) with { ExternalId = "org-audit" }, [$"arn:aws:iam::{First}:role/Audit", $"arn:aws:iam::{Second}:role/Audit"]);

        var result = await capture.CaptureAsync((r, _) => r.AccountId == First ? throw new IOException("disk full") : Task.CompletedTask);

        result.Failed.Should().ContainSingle().Which.Error.Should().BeOfType<IOException>();
        result.Succeeded.Should().ContainSingle().Which.AccountId.Should().Be(Second);
    }

    [Fact]
    public void ForRoles_InvalidArn_ThrowsListingIt()
    {
        var act = () => MultiAccountCapture.ForRoles(new AwsCaptureOptions(), ["arn:aws:iam::111111111111:user/bob"]);

        act.Should().Throw<ArgumentException>().WithMessage("*arn:aws:iam::111111111111:user/bob*");
    }

    private static async Task<FakeAwsServer> StartAsync()
    {
        var server = await FakeAws.StartAsync();
        var first = FakeAccount.FromFile(First, FakeAws.RealData("cloudmapper-demo-authz.json"));
        var second = FakeAccount.FromFile(Second, FakeAws.RealData("cloudsplaining-managed-policy-mismatch.json"));
        first.Roles["Audit"] = new FakeRole("org-audit", FakeAws.DocumentedPolicy());
        second.Roles["Audit"] = new FakeRole("org-audit", FakeAws.DocumentedPolicy());
        server.AddAccount(first);
        server.AddAccount(second);
        server.AddAccount(FakeAccount.FromFile(Suspended, FakeAws.RealData("cloudmapper-demo-authz.json")));
        return server;
    }
}
