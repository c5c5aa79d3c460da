using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IamSnapshot.Aws;
using IamSnapshot.Aws.Capture;
using IamSnapshot.Aws.Fakes;
using IamSnapshot.Model;
using IamSnapshot.Synthetic;

namespace IamSnapshot.Benchmarks;

/// <summary>
/// Live capture of the XL synthetic account (5,000 users, 5,000 roles, 5,000 customer policies) from the fake endpoint with 50 ms added to every request.
/// The baseline is the unavoidable part: the authorization-details pages, one after another (each needs the
/// previous page's marker). A capture should take at most 1.2× the baseline when everything else overlaps with
/// the pages. Access keys need one ListAccessKeys call per user, so the full capture is also compared with its
/// own lower bound, ceil(users / parallel requests) × 50 ms, printed by <see cref="GlobalSetup"/>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class LiveCaptureBenchmarks
{
    private FakeAwsServer _server = null!;
    private AwsCaptureOptions _options = null!;

    /// <summary>The synthetic account size (XL: 5,000 users, 5,000 roles, 5,000 customer policies).</summary>
    [Params("XL")]
    public string Size { get; set; } = "XL";

    /// <summary>How many requests run alongside the pages.</summary>
    [Params(64)]
    public int Parallel { get; set; }

    /// <summary>Starts the fake with the synthetic account and 50 ms of latency.</summary>
    [GlobalSetup]
    public void GlobalSetup()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        var account = new FakeAccount(SyntheticAccount.AccountId, SyntheticAccount.AuthorizationDetailsJson(SyntheticAccount.Create(SyntheticAccountSize.Parse(Size))))
        {
            MaxPageSize = 1000,
            // The report is ready at once: polling waits are excluded from the target.
            CredentialReportPollsBeforeComplete = 0,
        };
        _server = FakeAwsServer.StartAsync(account, policy: null).GetAwaiter().GetResult();
        _server.Latency = TimeSpan.FromMilliseconds(50);
        _options = new AwsCaptureOptions
        {
            Credentials = new BasicAWSCredentials(FakeAwsServer.AccessKeyId, FakeAwsServer.SecretAccessKey),
            EndpointUrl = _server.BaseUrl,
            Region = "us-east-1",
            MaxParallelRequests = Parallel,
            EnvironmentVariables = _ => null,
        };
        var pages = (account.Items.Count + 999) / 1000;
        Console.WriteLine($"// {account.Items.Count} entities in {pages} pages; access-key lower bound = ceil({account.UserNames.Count}/{Parallel}) x 50 ms = {Math.Ceiling(account.UserNames.Count / (double)Parallel) * 50} ms");
    }

    /// <summary>Stops the fake.</summary>
    [GlobalCleanup]
    public void GlobalCleanup() => _server.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The unavoidable round trips: every authorization-details page, in sequence.</summary>
    /// <returns>The number of pages.</returns>
    [Benchmark(Baseline = true)]
    public async Task<int> AuthorizationDetailsPagesInSequence()
    {
        using var session = await AwsSession.OpenAsync(_options, default);
        var pages = 0;
        string? marker = null;
        do
        {
            var page = await session.Iam.GetAccountAuthorizationDetailsPageAsync(marker, 1000, default);
            marker = page.Marker;
            pages++;
        }
        while (marker is not null);

        return pages;
    }

    /// <summary>A capture of every part except per-user access keys, to a snapshot.</summary>
    /// <returns>The number of users.</returns>
    [Benchmark]
    public async Task<int> CaptureWithoutAccessKeys()
    {
        var snapshot = await new AwsIamSnapshotSource(_options with { Parts = AwsCaptureOptions.AllParts & ~SnapshotParts.AccessKeys }).LoadAsync();
        return snapshot.Users.Length;
    }

    /// <summary>A capture of every part, including one ListAccessKeys call per user.</summary>
    /// <returns>The number of users.</returns>
    [Benchmark]
    public async Task<int> FullCapture()
    {
        var snapshot = await new AwsIamSnapshotSource(_options).LoadAsync();
        return snapshot.Users.Length;
    }
}
