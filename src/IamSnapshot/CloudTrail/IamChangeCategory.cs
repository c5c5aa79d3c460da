namespace IamSnapshot.CloudTrail;

/// <summary>
/// What part of an IAM entity a change touches. Each <see cref="IamChange"/> has one; an
/// <see cref="AttributionQuery"/> asks for one. The lead maps the differ's property changes onto these:
/// an added entity is <see cref="Created"/>, a removed one <see cref="Deleted"/>, a recreated one
/// <see cref="Recreated"/>, a changed trust policy <see cref="Trust"/>, a changed inline policy
/// <see cref="InlinePolicy"/> with the policy name as subject, and so on.
/// </summary>
public enum IamChangeCategory
{
    /// <summary>The entity was created (subject: none). In a query, also matches a rename to this entity.</summary>
    Created,

    /// <summary>The entity was deleted (subject: none). In a query, also matches a rename away from this entity.</summary>
    Deleted,

    /// <summary>Query only: the entity was deleted and created again (same ARN, new unique id). Matches both events.</summary>
    Recreated,

    /// <summary>A user or group got a new name or path (<c>UpdateUser</c>, <c>UpdateGroup</c>); subject: the other ARN.</summary>
    Renamed,

    /// <summary>A role's trust policy (<c>UpdateAssumeRolePolicy</c>); the document is on the change.</summary>
    Trust,

    /// <summary>An inline policy put or deleted; subject: the inline policy's name.</summary>
    InlinePolicy,

    /// <summary>
    /// A managed policy attached or detached. On a user, group or role the subject is the policy ARN; on
    /// the managed policy itself the subject is the principal's ARN.
    /// </summary>
    AttachedPolicy,

    /// <summary>A user added to or removed from a group; subject: the group name on the user, the user name on the group.</summary>
    GroupMembership,

    /// <summary>A permissions boundary set or removed; subject: the boundary policy ARN.</summary>
    PermissionsBoundary,

    /// <summary>Tags added or removed; subject: the tag key (one change per key).</summary>
    Tags,

    /// <summary>A managed policy version created or deleted; subject: the version id (<c>v3</c>) when known.</summary>
    PolicyVersion,

    /// <summary>A managed policy's default version changed (<c>SetDefaultPolicyVersion</c>, or <c>CreatePolicyVersion</c> with <c>setAsDefault</c>); subject: the version id.</summary>
    DefaultPolicyVersion,

    /// <summary>A user's console password: login profile created, updated or deleted, or <c>ChangePassword</c>.</summary>
    LoginProfile,

    /// <summary>An access key created, activated/deactivated or deleted; subject: the access key id.</summary>
    AccessKey,

    /// <summary>An MFA device enabled, deactivated or resynced on a user, or a virtual MFA device created or deleted; subject: the serial number.</summary>
    MfaDevice,

    /// <summary>A role added to or removed from an instance profile; subject: the role name on the instance profile, the instance profile ARN on the role.</summary>
    InstanceProfileRole,

    /// <summary>An X.509 signing certificate of a user; subject: the certificate id.</summary>
    SigningCertificate,

    /// <summary>An SSH public key of a user (CodeCommit); subject: the key id.</summary>
    SshPublicKey,

    /// <summary>A service-specific credential of a user (CodeCommit, Keyspaces, Bedrock); subject: the credential id.</summary>
    ServiceSpecificCredential,

    /// <summary>A server certificate of the account; subject: the certificate name.</summary>
    ServerCertificate,

    /// <summary>An OIDC or SAML identity provider of the account; subject: the provider ARN (or URL or name when the ARN is unknown).</summary>
    IdentityProvider,

    /// <summary>The account password policy.</summary>
    PasswordPolicy,

    /// <summary>The account alias; subject: the alias.</summary>
    AccountAlias,

    /// <summary>Other attributes: a role's description or maximum session duration, account STS settings; subject: what changed.</summary>
    Properties,

    /// <summary>An IAM write this library does not map (a new API, for example); subject: the event name.</summary>
    Other,
}
