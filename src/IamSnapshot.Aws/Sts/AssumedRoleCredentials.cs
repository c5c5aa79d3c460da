using Amazon.Runtime;

namespace IamSnapshot.Aws.Sts;

/// <summary>
/// Credentials of an assumed role, refreshed through <see cref="IStsClient"/> before they expire, so a capture
/// that outlives one session (a very large account, heavy throttling) keeps working. Uses our own STS client so
/// that endpoint overrides and retries apply to AssumeRole exactly as to every other call.
/// </summary>
internal sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    private readonly IStsClient _sts;
    private readonly string _roleArn;
    private readonly string _sessionName;
    private readonly string? _externalId;
    private readonly TimeSpan _duration;

    /// <summary>Creates credentials for a role.</summary>
    /// <param name="sts">The STS client, signed with the source credentials.</param>
    /// <param name="roleArn">The role.</param>
    /// <param name="sessionName">The session name.</param>
    /// <param name="externalId">The external id, or null.</param>
    /// <param name="duration">The session duration.</param>
    public AssumedRoleCredentials(IStsClient sts, string roleArn, string sessionName, string? externalId, TimeSpan duration)
    {
        _sts = sts;
        _roleArn = roleArn;
        _sessionName = sessionName;
        _externalId = externalId;
        _duration = duration;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    /// <inheritdoc />
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var credentials = await _sts.AssumeRoleAsync(_roleArn, _sessionName, _externalId, _duration, CancellationToken.None).ConfigureAwait(false);
        return new CredentialsRefreshState(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            credentials.Expiration.UtcDateTime);
    }
}
