using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.CloudTrail;

/// <summary>
/// One normalised effect of an IAM write event on one entity, for example "role R: trust modified"
/// or "user U: attached policy P added". An event may have several (attaching a policy changes the
/// principal and the policy's attachments). Immutable.
/// </summary>
public sealed record IamChange
{
    /// <summary>The kind of entity changed. Account-level things (password policy, alias, identity providers, server certificates) use <see cref="EntityKind.Account"/>.</summary>
    public required EntityKind EntityKind { get; init; }

    /// <summary>
    /// The entity's ARN, built from the event's account, partition and path (<c>arn:aws:iam::111122223333:role/service-role/R</c>).
    /// When the record gives only a name, the path is taken from other records of the same logs when they show it, else <c>/</c>;
    /// matching therefore goes by account, kind and name, never by the full ARN. For the account it is <c>arn:aws:iam::ACCOUNT:root</c>.
    /// </summary>
    public required string EntityArn { get; init; }

    /// <summary>The entity's name (user, group, role, policy or instance-profile name; the account id for the account).</summary>
    public required string EntityName { get; init; }

    /// <summary>The entity's account id (<c>aws</c> for an AWS-managed policy).</summary>
    public required string AccountId { get; init; }

    /// <summary>What part of the entity changed.</summary>
    public required IamChangeCategory Category { get; init; }

    /// <summary>Added, removed or modified.</summary>
    public required IamChangeOperation Operation { get; init; }

    /// <summary>What was attached, put or removed: a policy ARN, group name, inline policy name, access key id, tag key… (see <see cref="IamChangeCategory"/>), or null.</summary>
    public string? Subject { get; init; }

    /// <summary>The policy document the event set (trust policy, inline policy, new policy version), parsed; null when none or unreadable.</summary>
    public PolicyDocument? Document { get; init; }

    /// <summary>Formats the change as <c>Role arn: AttachedPolicy Added arn:…</c>.</summary>
    /// <returns>The change as text.</returns>
    public override string ToString() =>
        Subject is null ? $"{EntityKind} {EntityArn}: {Category} {Operation}" : $"{EntityKind} {EntityArn}: {Category} {Operation} {Subject}";
}
