namespace IamSnapshot.Model;

/// <summary>
/// One of the two access-key slots of a credential-report row. An inactive key keeps its
/// <see cref="LastRotated"/> date, and a key used for S3 may have a <see cref="LastUsedService"/> without a
/// <see cref="LastUsedRegion"/>: the four columns are independent. Immutable value with structural equality.
/// </summary>
public sealed record AccessKeyCredential
{
    /// <summary>Whether the key exists and is active (<c>access_key_N_active</c>).</summary>
    public bool Active { get; init; }

    /// <summary>When the key was created or last rotated (<c>access_key_N_last_rotated</c>); kept for inactive keys.</summary>
    public CredentialDate LastRotated { get; init; }

    /// <summary>When the key was last used (<c>access_key_N_last_used_date</c>); AWS rounds it to the minute.</summary>
    public CredentialDate LastUsed { get; init; }

    /// <summary>The region of the last use, or null when the report says <c>N/A</c> (never used, or a global call such as S3's).</summary>
    public string? LastUsedRegion { get; init; }

    /// <summary>The service of the last use (<c>s3</c>, <c>sts</c>…), or null when the report says <c>N/A</c>.</summary>
    public string? LastUsedService { get; init; }
}
