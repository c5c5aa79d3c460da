namespace IamSnapshot.Aws.Sts;

/// <summary>The STS operations a capture calls.</summary>
internal interface IStsClient
{
    /// <summary>Who the credentials belong to.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The caller's account, ARN and user id.</returns>
    Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken);

    /// <summary>Assumes a role.</summary>
    /// <param name="roleArn">The role ARN.</param>
    /// <param name="sessionName">The session name CloudTrail records.</param>
    /// <param name="externalId">The external id the role's trust policy requires, or null.</param>
    /// <param name="duration">The session duration.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Temporary credentials.</returns>
    Task<TemporaryCredentials> AssumeRoleAsync(string roleArn, string sessionName, string? externalId, TimeSpan duration, CancellationToken cancellationToken);
}

/// <summary>The identity behind a set of credentials.</summary>
/// <param name="Account">The 12-digit account id.</param>
/// <param name="Arn">The caller's ARN.</param>
/// <param name="UserId">The caller's unique id.</param>
internal sealed record CallerIdentity(string Account, string Arn, string UserId);

/// <summary>
/// Temporary credentials from STS. A class rather than a record so that no generated <c>ToString</c> can ever
/// print the secret key or the session token.
/// </summary>
internal sealed class TemporaryCredentials
{
    /// <summary>Creates credentials.</summary>
    /// <param name="accessKeyId">The access key id (not secret; it appears in CloudTrail).</param>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="sessionToken">The session token.</param>
    /// <param name="expiration">When the credentials expire.</param>
    public TemporaryCredentials(string accessKeyId, string secretAccessKey, string sessionToken, DateTimeOffset expiration)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
        Expiration = expiration;
    }

    /// <summary>The access key id.</summary>
    public string AccessKeyId { get; }

    /// <summary>The secret access key.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token.</summary>
    public string SessionToken { get; }

    /// <summary>When the credentials expire.</summary>
    public DateTimeOffset Expiration { get; }

    /// <inheritdoc />
    public override string ToString() => $"temporary credentials {AccessKeyId} (expire {Expiration:O})";
}
