namespace IamSnapshot.Model;

/// <summary>
/// One access key of a user (<c>ListAccessKeys</c>): its id, status and creation date, never its secret. Key ids tie
/// CloudTrail events (<c>userIdentity.accessKeyId</c>) to users and tell a replaced key from the same one, which the
/// credential report's two columns cannot. Immutable value with structural equality.
/// </summary>
public sealed record AccessKeyMetadata
{
    /// <summary>The status IAM reports for a key that can be used.</summary>
    public const string ActiveStatus = "Active";

    /// <summary>The name of the user the key belongs to.</summary>
    public required string UserName { get; init; }

    /// <summary>The key id (<c>AKIA…</c>); never the secret access key.</summary>
    public required string AccessKeyId { get; init; }

    /// <summary>The status as IAM spells it: <c>Active</c> or <c>Inactive</c> (kept as given, so a future value survives).</summary>
    public required string Status { get; init; }

    /// <summary>When the key was created (UTC), or null when the source did not give it.</summary>
    public DateTimeOffset? CreateDate { get; init; }

    /// <summary>Whether the key can be used (<see cref="Status"/> is <c>Active</c>).</summary>
    public bool IsActive => string.Equals(Status, ActiveStatus, StringComparison.Ordinal);
}
