using System.Text;
using Amazon.Runtime;
using IamSnapshot.Aws.Transport;
using IamSnapshot.Model;

namespace IamSnapshot.Aws;

/// <summary>
/// How to capture one AWS account: credentials, role, endpoints, which parts, and how to behave under faults.
/// An immutable value, validated once by <see cref="Validate"/> (the capture types call it when built).
/// </summary>
public sealed record AwsCaptureOptions
{
    /// <summary>Every part a live capture can take.</summary>
    public const SnapshotParts AllParts = SnapshotParts.AuthorizationDetails | SnapshotParts.CredentialReport | SnapshotParts.PasswordPolicy
        | SnapshotParts.AccountSummary | SnapshotParts.AccountAliases | SnapshotParts.IdentityProviders | SnapshotParts.MfaDevices
        | SnapshotParts.AccessKeys | SnapshotParts.ServerCertificates;

    /// <summary>The named profile of <c>~/.aws/config</c> to take credentials (and the region) from.</summary>
    /// <value>The default is null: the SDK's default chain (environment, web identity, <c>AWS_PROFILE</c> or <c>default</c>, container, instance).</value>
    public string? Profile { get; init; }

    /// <summary>The region, which selects the partition and the regional STS endpoint.</summary>
    /// <value>The default is null: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's region, else the role ARN's partition default, else <c>us-east-1</c>.</value>
    public string? Region { get; init; }

    /// <summary>Explicit credentials, which take precedence over <see cref="Profile"/> and the default chain.</summary>
    /// <value>The default is null.</value>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>A role to assume (with the credentials above) before capturing; its account is the one captured.</summary>
    /// <value>The default is null: capture the account of the credentials themselves.</value>
    public string? RoleArn { get; init; }

    /// <summary>The external id the role's trust policy requires.</summary>
    /// <value>The default is null.</value>
    public string? ExternalId { get; init; }

    /// <summary>The session name CloudTrail records for the assumed role.</summary>
    /// <value>The default is <c>iamsnapshot</c>.</value>
    public string RoleSessionName { get; init; } = "iamsnapshot";

    /// <summary>The duration of the assumed-role session; it is refreshed before it expires.</summary>
    /// <value>The default is one hour (the most a role allows unless its maximum is raised).</value>
    public TimeSpan RoleSessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Sends every call (IAM, STS, Organizations) to this base URL, like the CLI's <c>--endpoint-url</c>.</summary>
    /// <value>The default is null: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, <c>AWS_ENDPOINT_URL</c>, else the partition's endpoints.</value>
    public Uri? EndpointUrl { get; init; }

    /// <summary>The parts to capture.</summary>
    /// <value>The default is <see cref="AllParts"/>. Authorization details are always captured.</value>
    public SnapshotParts Parts { get; init; } = AllParts;

    /// <summary>
    /// When true, a part the caller may not read (AccessDenied) is left out and reported as a warning; when false,
    /// it fails the capture. Authorization details are never optional.
    /// </summary>
    /// <value>The default is false.</value>
    public bool AllowPartial { get; init; }

    /// <summary>How many requests run at once besides the authorization-details pages (which are sequential).</summary>
    /// <value>The default is 8, which stays under IAM's request rate for most accounts.</value>
    public int MaxParallelRequests { get; init; } = 8;

    /// <summary>The <c>MaxItems</c> of each authorization-details page (1–1000).</summary>
    /// <value>The default is 1000, the fewest round trips.</value>
    public int AuthorizationDetailsPageSize { get; init; } = 1000;

    /// <summary>How many times a throttled, 5xx or network-failed request is retried.</summary>
    /// <value>The default is 8.</value>
    public int MaxRetryAttempts { get; init; } = 8;

    /// <summary>The first backoff delay; later ones double, with jitter.</summary>
    /// <value>The default is 500 ms.</value>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest single backoff delay.</summary>
    /// <value>The default is 20 s.</value>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one attempt of one request may take, body included.</summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the capture of one account may take in all.</summary>
    /// <value>The default is 30 minutes.</value>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long to wait for IAM to generate the credential report.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan CredentialReportTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often to ask whether the credential report is ready.</summary>
    /// <value>The default is 2 s.</value>
    public TimeSpan CredentialReportPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock: capture time, backoff delays, polling and deadlines.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives progress (pages fetched, report generation, retries, skipped parts).</summary>
    /// <value>The default is null.</value>
    public IProgress<CaptureProgress>? Progress { get; init; }

    /// <summary>The handler that sends requests (tests route them to a fake); null uses a shared one.</summary>
    internal HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Reads environment variables (tests replace it).</summary>
    internal Func<string, string?> EnvironmentVariables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Checks every option and throws once, listing every problem.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (Region is not null && !IsRegionName(Region))
        {
            errors.Add($"Region '{Region}' is not a region name such as us-east-1.");
        }

        if (RoleArn is not null && !RoleArnParts.TryParse(RoleArn, out _))
        {
            errors.Add($"RoleArn '{RoleArn}' is not a role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME).");
        }

        if (ExternalId is not null && (RoleArn is null || ExternalId.Length is < 2 or > 1224))
        {
            errors.Add(RoleArn is null ? "ExternalId needs a RoleArn." : "ExternalId must have 2 to 1224 characters.");
        }

        if (RoleSessionName.Length is < 2 or > 64 || !RoleSessionName.All(c => char.IsAsciiLetterOrDigit(c) || "+=,.@-_".Contains(c, StringComparison.Ordinal)))
        {
            errors.Add($"RoleSessionName '{RoleSessionName}' must have 2 to 64 characters among letters, digits and +=,.@-_.");
        }

        if (RoleSessionDuration < TimeSpan.FromMinutes(15) || RoleSessionDuration > TimeSpan.FromHours(12))
        {
            errors.Add("RoleSessionDuration must be between 15 minutes and 12 hours.");
        }

        if (EndpointUrl is not null && (!EndpointUrl.IsAbsoluteUri || (EndpointUrl.Scheme != Uri.UriSchemeHttps && EndpointUrl.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add($"EndpointUrl '{EndpointUrl}' must be an absolute http(s) URL.");
        }

        if ((Parts & ~AllParts) != 0)
        {
            errors.Add($"Parts holds parts a live capture cannot take: {Parts & ~AllParts}.");
        }

        Check(MaxParallelRequests is >= 1 and <= 256, "MaxParallelRequests must be between 1 and 256.");
        Check(AuthorizationDetailsPageSize is >= 1 and <= 1000, "AuthorizationDetailsPageSize must be between 1 and 1000.");
        Check(MaxRetryAttempts is >= 0 and <= 50, "MaxRetryAttempts must be between 0 and 50.");
        Check(RetryBaseDelay >= TimeSpan.Zero && RetryBaseDelay <= TimeSpan.FromMinutes(1), "RetryBaseDelay must be between 0 and 1 minute.");
        Check(RetryMaxDelay >= RetryBaseDelay && RetryMaxDelay <= TimeSpan.FromMinutes(5), "RetryMaxDelay must be at least RetryBaseDelay and at most 5 minutes.");
        Check(AttemptTimeout > TimeSpan.Zero && AttemptTimeout <= TimeSpan.FromHours(1), "AttemptTimeout must be positive and at most 1 hour.");
        Check(Deadline > TimeSpan.Zero && Deadline <= TimeSpan.FromDays(1), "Deadline must be positive and at most 1 day.");
        Check(CredentialReportTimeout > TimeSpan.Zero, "CredentialReportTimeout must be positive.");
        Check(CredentialReportPollInterval >= TimeSpan.Zero && CredentialReportPollInterval <= CredentialReportTimeout, "CredentialReportPollInterval must be between 0 and CredentialReportTimeout.");
        Check(TimeProvider is not null, "TimeProvider must not be null.");

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid capture options:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
        }

        void Check(bool condition, string error)
        {
            if (!condition)
            {
                errors.Add(error);
            }
        }
    }

    /// <summary>The retry settings the transport uses.</summary>
    internal RetrySettings Retry => new(MaxRetryAttempts, RetryBaseDelay, RetryMaxDelay, AttemptTimeout);

    internal static bool IsRegionName(string region) =>
        region.Length is >= 9 and <= 25 && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && region.Contains('-', StringComparison.Ordinal);

    // Keep the generated ToString short and free of anything sensitive (the external id, the credentials object).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Profile = ").Append(Profile ?? "(default chain)")
            .Append(", Region = ").Append(Region ?? "(default)")
            .Append(", RoleArn = ").Append(RoleArn ?? "(none)")
            .Append(", EndpointUrl = ").Append(EndpointUrl?.ToString() ?? "(default)")
            .Append(", Parts = ").Append(Parts)
            .Append(", AllowPartial = ").Append(AllowPartial);
        return true;
    }
}
