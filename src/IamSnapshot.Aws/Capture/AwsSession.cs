using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using IamSnapshot.Aws.Iam;
using IamSnapshot.Aws.Organizations;
using IamSnapshot.Aws.Sts;
using IamSnapshot.Aws.Transport;
using IamSnapshot.Model;

namespace IamSnapshot.Aws.Capture;

/// <summary>
/// Everything needed to call one account: the region and partition, the credentials (assumed-role ones when a
/// role is given), and the service clients over one signed transport.
/// </summary>
internal sealed class AwsSession : IDisposable
{
    // One connection pool for the process, like a static HttpClient; redirects are never followed because a
    // redirected hop would carry a stale signature (see SigV4SigningHandler's remarks).
    private static readonly Lazy<SocketsHttpHandler> SharedHandler = new(() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    });

    private readonly List<AwsHttpTransport> _transports = [];

    private AwsSession(AwsPartition partition, string region, string target)
    {
        Partition = partition;
        Region = region;
        Target = target;
    }

    /// <summary>The partition of the captured account.</summary>
    public AwsPartition Partition { get; }

    /// <summary>The region (STS endpoint).</summary>
    public string Region { get; }

    /// <summary>How the account is named in progress and errors before its id is known (the role ARN or "default credentials").</summary>
    public string Target { get; }

    /// <summary>IAM, signed with the capture credentials.</summary>
    public IIamClient Iam { get; private set; } = null!;

    /// <summary>STS, signed with the capture credentials.</summary>
    public IStsClient Sts { get; private set; } = null!;

    /// <summary>Organizations, signed with the capture credentials.</summary>
    public IOrganizationsClient Organizations { get; private set; } = null!;

    /// <summary>
    /// Opens a session: resolves region and credentials, and assumes the role (once, eagerly, so that a refused
    /// AssumeRole is reported as such rather than as a failure of the first IAM call).
    /// </summary>
    /// <param name="options">Validated options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session.</returns>
    /// <exception cref="AwsCaptureException">No credentials, an unknown profile, or AssumeRole refused.</exception>
    public static async Task<AwsSession> OpenAsync(AwsCaptureOptions options, CancellationToken cancellationToken)
    {
        RoleArnParts? role = null;
        if (options.RoleArn is not null && !RoleArnParts.TryParse(options.RoleArn, out role))
        {
            throw new AwsCaptureException(AwsFailureKind.Configuration, $"'{options.RoleArn}' is not a role ARN.");
        }

        var region = ResolveRegion(options, role);
        var partition = role?.Partition ?? AwsPartition.FromRegion(region);
        if (role is not null && AwsPartition.FromRegion(region) != partition)
        {
            // A role in another partition can only be assumed through that partition's STS.
            region = partition.DefaultRegion;
        }

        var session = new AwsSession(partition, region, options.RoleArn ?? "default credentials");
        try
        {
            var endpoints = new EndpointResolver(partition, region, options.EndpointUrl, options.EnvironmentVariables);
            var baseCredentials = await ResolveCredentialsAsync(options).ConfigureAwait(false);
            var credentials = baseCredentials;
            if (options.RoleArn is not null)
            {
                var baseTransport = session.CreateTransport(baseCredentials, endpoints, options);
                var assumed = new AssumedRoleCredentials(new StsQueryClient(baseTransport), options.RoleArn, options.RoleSessionName, options.ExternalId, options.RoleSessionDuration);
                try
                {
                    await assumed.GetCredentialsAsync().ConfigureAwait(false);
                }
                catch (AwsCaptureException ex)
                {
                    throw new AwsCaptureException(
                        ex.Kind == AwsFailureKind.AccessDenied ? AwsFailureKind.Credentials : ex.Kind,
                        $"Could not assume {options.RoleArn}: {ex.Message}" + (ex.Kind == AwsFailureKind.AccessDenied ? " Check the role's trust policy (and the external id) and that the caller may call sts:AssumeRole on it." : string.Empty),
                        ex)
                    {
                        Operation = ex.Operation,
                        ErrorCode = ex.ErrorCode,
                        StatusCode = ex.StatusCode,
                        RequestId = ex.RequestId,
                        AccountId = role!.AccountId,
                    };
                }

                credentials = assumed;
            }

            var transport = session.CreateTransport(credentials, endpoints, options);
            session.Iam = new IamQueryClient(transport);
            session.Sts = new StsQueryClient(transport);
            session.Organizations = new OrganizationsJsonClient(transport);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var transport in _transports)
        {
            transport.Dispose();
        }
    }

    private AwsHttpTransport CreateTransport(AWSCredentials credentials, EndpointResolver endpoints, AwsCaptureOptions options)
    {
        var progress = options.Progress;
        var target = Target;
        var transport = new AwsHttpTransport(
            credentials,
            options.HttpHandler ?? SharedHandler.Value,
            endpoints,
            options.Retry,
            options.TimeProvider,
            progress is null ? null : (operation, reason, delay) => progress.Report(new CaptureProgress(target, CaptureStage.Retrying, $"{operation}: {reason}, retrying in {delay.TotalMilliseconds:0} ms") { Delay = delay }));
        _transports.Add(transport);
        return transport;
    }

    /// <summary>The region a client should use (options, environment, profile, else the default).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The region name.</returns>
    internal static string ResolveRegionName(AwsCaptureOptions options) =>
        ResolveRegion(options, options.RoleArn is not null && RoleArnParts.TryParse(options.RoleArn, out var role) ? role : null);

    private static string ResolveRegion(AwsCaptureOptions options, RoleArnParts? role)
    {
        if (options.Region is not null)
        {
            return options.Region;
        }

        foreach (var variable in (string[])["AWS_REGION", "AWS_DEFAULT_REGION"])
        {
            var value = options.EnvironmentVariables(variable)?.Trim();
            if (!string.IsNullOrEmpty(value) && AwsCaptureOptions.IsRegionName(value))
            {
                return value;
            }
        }

        var profileName = options.Profile ?? options.EnvironmentVariables("AWS_PROFILE") ?? "default";
        try
        {
            if (new CredentialProfileStoreChain().TryGetProfile(profileName, out var profile) && profile.Region is not null)
            {
                return profile.Region.SystemName;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            // An unreadable config file: fall back to the partition default; credentials resolution reports the file.
        }

        return role?.Partition.DefaultRegion ?? AwsPartition.Aws.DefaultRegion;
    }

    internal static async Task<AWSCredentials> ResolveCredentialsAsync(AwsCaptureOptions options)
    {
        if (options.Credentials is not null)
        {
            return options.Credentials;
        }

        if (options.Profile is not null)
        {
            if (new CredentialProfileStoreChain().TryGetAWSCredentials(options.Profile, out var profileCredentials))
            {
                return profileCredentials;
            }

            throw new AwsCaptureException(AwsFailureKind.Configuration, $"The profile '{options.Profile}' was not found in the AWS config or credentials file (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, ~/.aws).");
        }

        try
        {
            return await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsCaptureException(AwsFailureKind.Credentials, "No AWS credentials were found: " + ex.Message + " Set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a web-identity token (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE).", ex);
        }
    }

    /// <summary>An account id the snapshot can already be attributed to, before GetCallerIdentity answers.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The role's account, or null.</returns>
    internal static string? KnownAccount(AwsCaptureOptions options) =>
        options.RoleArn is not null && RoleArnParts.TryParse(options.RoleArn, out var role) ? role.AccountId : null;

    /// <summary>The parts a capture takes given the options (authorization details always).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The parts.</returns>
    internal static SnapshotParts RequestedParts(AwsCaptureOptions options) => options.Parts | SnapshotParts.AuthorizationDetails;
}
