using System.Text.Json;
using Amazon.Runtime;
using IamSnapshot.Aws.Fakes;

namespace IamSnapshot.Aws.Tests.Support;

/// <summary>Starts the fake with a realdata account and the documented policy, and builds matching options.</summary>
internal static class FakeAws
{
    public const string CallerAccountId = "444455556666";

    public static string RealData(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "realdata", "authz", file);

    public static IReadOnlySet<string> DocumentedPolicy()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "aws-capture-policy.json")));
        return doc.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!))
            .ToHashSet(StringComparer.Ordinal);
    }

    public static async Task<FakeAwsServer> StartAsync(string file = "cloudsplaining-example-2023.json", Action<FakeAccount>? configure = null, IReadOnlySet<string>? policy = null)
    {
        var account = FakeAccount.FromFile(CallerAccountId, RealData(file));
        account.MaxPageSize = 25;
        account.OidcProviders.Add(new FakeOidcProvider($"arn:aws:iam::{CallerAccountId}:oidc-provider/token.actions.githubusercontent.com", "token.actions.githubusercontent.com", ["sts.amazonaws.com"], ["6938fd4d98bab03faadb97b34396831e3780aea1"], "2023-01-01T00:00:00Z"));
        account.SamlProviders.Add(new FakeSamlProvider($"arn:aws:iam::{CallerAccountId}:saml-provider/Okta", "2030-01-01T00:00:00Z", "2022-01-01T00:00:00Z"));
        account.MfaDevices.Add(new FakeMfaDevice($"arn:aws:iam::{CallerAccountId}:mfa/root-account-mfa-device", "<root_account>", $"arn:aws:iam::{CallerAccountId}:root", "2022-02-02T00:00:00Z"));
        account.MfaDevices.Add(new FakeMfaDevice($"arn:aws:iam::{CallerAccountId}:mfa/spare", null, null, null));
        account.MfaDevices.Add(new FakeMfaDevice($"arn:aws:iam::{CallerAccountId}:mfa/another", null, null, null));
        account.ServerCertificates.Add(new FakeServerCertificate("legacy-elb", "ASCAFAKE", $"arn:aws:iam::{CallerAccountId}:server-certificate/legacy-elb", "2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z"));
        configure?.Invoke(account);
        // The caller may also assume capture roles and list the organization's accounts (docs/aws-capture.md).
        var callerPolicy = (policy ?? DocumentedPolicy()).Concat(["sts:AssumeRole", "organizations:ListAccounts"]).ToHashSet(StringComparer.Ordinal);
        return await FakeAwsServer.StartAsync(account, callerPolicy);
    }

    public static AwsCaptureOptions Options(FakeAwsServer server, IProgress<CaptureProgress>? progress = null) => new()
    {
        Credentials = new BasicAWSCredentials(FakeAwsServer.AccessKeyId, FakeAwsServer.SecretAccessKey),
        EndpointUrl = server.BaseUrl,
        Region = "us-east-1",
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
        CredentialReportPollInterval = TimeSpan.FromMilliseconds(1),
        AttemptTimeout = TimeSpan.FromSeconds(20),
        EnvironmentVariables = _ => null,
        Progress = progress,
    };

    /// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to the thread pool and lose ordering).</summary>
    internal sealed class ProgressLog : IProgress<CaptureProgress>
    {
        private readonly List<CaptureProgress> _events = [];

        public IReadOnlyList<CaptureProgress> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void Report(CaptureProgress value)
        {
            lock (_events)
            {
                _events.Add(value);
            }
        }
    }
}
