using System.Collections.Immutable;

namespace IamSnapshot.Model;

/// <summary>
/// Common shape of every IAM entity in a snapshot. An entity is identified by its <see cref="Arn"/>;
/// its <see cref="UniqueId"/> tells a recreated entity (same ARN, new id) from the same one.
/// Entities are immutable; compare them with the differ, not with <c>Equals</c>.
/// </summary>
public abstract record IamEntity
{
    /// <summary>The entity's ARN.</summary>
    public required string Arn { get; init; }

    /// <summary>The entity's name.</summary>
    public required string Name { get; init; }

    /// <summary>The entity's path, for example <c>/</c> or <c>/service-role/</c>. Kept as the source gave it (may be empty).</summary>
    public string Path { get; init; } = "/";

    /// <summary>The unique id IAM assigned (AIDA…, AGPA…, AROA…, ANPA…, AIPA…), or empty when unknown.</summary>
    public string UniqueId { get; init; } = string.Empty;

    /// <summary>When the entity was created, if known.</summary>
    public DateTimeOffset? CreateDate { get; init; }

    /// <summary>The kind of entity.</summary>
    public abstract EntityKind Kind { get; }
}

/// <summary>A user, group or role: an entity that policies are attached to.</summary>
public abstract record IamPolicyHolder : IamEntity
{
    /// <summary>Inline policies, sorted by name.</summary>
    public ImmutableArray<InlinePolicy> InlinePolicies { get; init; } = [];

    /// <summary>Attached managed policies, sorted by ARN.</summary>
    public ImmutableArray<PolicyAttachment> AttachedPolicies { get; init; } = [];
}

/// <summary>An IAM user.</summary>
public sealed record IamUser : IamPolicyHolder
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.User;

    /// <summary>Names of the groups the user belongs to, sorted.</summary>
    public ImmutableArray<string> GroupNames { get; init; } = [];

    /// <summary>The permissions boundary, or null when none is set.</summary>
    public PermissionsBoundary? PermissionsBoundary { get; init; }

    /// <summary>Tags, sorted by key.</summary>
    public ImmutableArray<Tag> Tags { get; init; } = [];
}

/// <summary>An IAM group.</summary>
public sealed record IamGroup : IamPolicyHolder
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.Group;
}

/// <summary>An IAM role.</summary>
public sealed record IamRole : IamPolicyHolder
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.Role;

    /// <summary>The trust policy: who may assume the role.</summary>
    public required Policies.PolicyDocument AssumeRolePolicy { get; init; }

    /// <summary>The permissions boundary, or null when none is set.</summary>
    public PermissionsBoundary? PermissionsBoundary { get; init; }

    /// <summary>Tags, sorted by key.</summary>
    public ImmutableArray<Tag> Tags { get; init; } = [];

    /// <summary>ARNs of the instance profiles that contain this role, sorted.</summary>
    public ImmutableArray<string> InstanceProfileArns { get; init; } = [];

    /// <summary>The role's description, or null when the source does not give it.</summary>
    public string? Description { get; init; }

    /// <summary>The maximum session duration in seconds, or null when the source does not give it.</summary>
    public int? MaxSessionDuration { get; init; }

    /// <summary>When the role was last used; never a change in a diff. Null when the source does not give it.</summary>
    public RoleLastUsed? LastUsed { get; init; }

    /// <summary>True for a service-linked role (path <c>/aws-service-role/</c>), which AWS manages.</summary>
    public bool IsServiceLinked => Path.StartsWith("/aws-service-role/", StringComparison.Ordinal);

    /// <summary>True for a role that IAM Identity Center provisions (path <c>/aws-reserved/sso.amazonaws.com/</c>).</summary>
    public bool IsIdentityCenterRole => Path.StartsWith("/aws-reserved/sso.amazonaws.com/", StringComparison.Ordinal);
}

/// <summary>A managed policy with every version the source gave.</summary>
public sealed record ManagedPolicy : IamEntity
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.ManagedPolicy;

    /// <summary>The id of the version in force, for example <c>v2</c>.</summary>
    public required string DefaultVersionId { get; init; }

    /// <summary>Every version the source gave, sorted by version id (numerically).</summary>
    public ImmutableArray<PolicyVersion> Versions { get; init; } = [];

    /// <summary>How many users, groups and roles the policy is attached to; a counter, never a change.</summary>
    public int? AttachmentCount { get; init; }

    /// <summary>How many users and roles use the policy as boundary; a counter, never a change.</summary>
    public int? PermissionsBoundaryUsageCount { get; init; }

    /// <summary>Whether the policy can be attached.</summary>
    public bool IsAttachable { get; init; } = true;

    /// <summary>The description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>When the policy was last updated; changes whenever its versions do, so never a change itself.</summary>
    public DateTimeOffset? UpdateDate { get; init; }

    /// <summary>Tags, sorted by key.</summary>
    public ImmutableArray<Tag> Tags { get; init; } = [];

    /// <summary>True for a policy AWS manages (ARN in the <c>aws</c> namespace).</summary>
    public bool IsAwsManaged => IsAwsManagedArn(Arn);

    /// <summary>The default version, or null when the source did not include it.</summary>
    public PolicyVersion? DefaultVersion
    {
        get
        {
            foreach (var version in Versions)
            {
                if (string.Equals(version.VersionId, DefaultVersionId, StringComparison.Ordinal))
                {
                    return version;
                }
            }

            foreach (var version in Versions)
            {
                if (version.IsDefaultVersion)
                {
                    return version;
                }
            }

            return null;
        }
    }

    /// <summary>True when the ARN names an AWS-managed policy (<c>arn:PARTITION:iam::aws:policy/…</c>).</summary>
    /// <param name="arn">A policy ARN.</param>
    /// <returns>Whether AWS manages the policy.</returns>
    public static bool IsAwsManagedArn(string arn) =>
        arn is not null && arn.Contains(":iam::aws:policy/", StringComparison.Ordinal);
}

/// <summary>An EC2 instance profile: lets instances use the roles it contains.</summary>
public sealed record InstanceProfile : IamEntity
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.InstanceProfile;

    /// <summary>ARNs of the roles in the profile, sorted.</summary>
    public ImmutableArray<string> RoleArns { get; init; } = [];

    /// <summary>Tags, sorted by key.</summary>
    public ImmutableArray<Tag> Tags { get; init; } = [];
}
