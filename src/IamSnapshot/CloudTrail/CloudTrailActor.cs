namespace IamSnapshot.CloudTrail;

/// <summary>
/// Who made a call, from the record's <c>userIdentity</c>. For an assumed role (IAM Identity Center
/// sessions included) the role is in <see cref="SessionIssuerArn"/> and the person, usually, in
/// <see cref="SessionName"/>. Immutable.
/// </summary>
public sealed record CloudTrailActor
{
    /// <summary>
    /// A key that always has a value: the <see cref="Arn"/>, else <see cref="InvokedBy"/> (an AWS service
    /// identity has no ARN), else <see cref="PrincipalId"/>, else <c>unknown</c>.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The caller's ARN (<c>arn:aws:sts::…:assumed-role/Role/session</c> for a role session), or null.</summary>
    public string? Arn { get; init; }

    /// <summary><c>userIdentity.type</c>: <c>IAMUser</c>, <c>AssumedRole</c>, <c>Root</c>, <c>AWSService</c>, <c>FederatedUser</c>, <c>IdentityCenterUser</c>, …</summary>
    public string? PrincipalType { get; init; }

    /// <summary>The principal id (<c>AIDA…</c>, or <c>AROA…:session</c> for a role session).</summary>
    public string? PrincipalId { get; init; }

    /// <summary>The caller's account.</summary>
    public string? AccountId { get; init; }

    /// <summary>The IAM user name (IAM users and root), or null.</summary>
    public string? UserName { get; init; }

    /// <summary>The access key the call was signed with (<c>AKIA…</c> long-term, <c>ASIA…</c> temporary), or null.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The AWS service that made the call for the principal (<c>cloudformation.amazonaws.com</c>), or null.</summary>
    public string? InvokedBy { get; init; }

    /// <summary>For a role session, the ARN of the role that was assumed; null otherwise (an empty <c>sessionIssuer</c> gives null).</summary>
    public string? SessionIssuerArn { get; init; }

    /// <summary>For a role or federated session, the session name (for IAM Identity Center, the user's name); null otherwise.</summary>
    public string? SessionName { get; init; }

    /// <summary><c>sessionContext.sourceIdentity</c>, set by the first role assumption when required by the role's trust.</summary>
    public string? SourceIdentity { get; init; }

    /// <summary>Whether the session was authenticated with MFA, when the record says.</summary>
    public bool? MfaAuthenticated { get; init; }

    /// <summary>Whether the credentials came from a console sign-in (<c>sessionCredentialFromConsole</c>), when the record says.</summary>
    public bool? ConsoleSession { get; init; }

    /// <summary>True for an IAM Identity Center session (the issuer is an <c>AWSReservedSSO_*</c> role, or the identity is an Identity Center user).</summary>
    public bool IsIdentityCenterSession =>
        string.Equals(PrincipalType, "IdentityCenterUser", StringComparison.Ordinal)
        || (SessionIssuerArn is { } issuer
            && (issuer.Contains("/aws-reserved/sso.amazonaws.com/", StringComparison.Ordinal)
                || issuer.Contains(":role/AWSReservedSSO_", StringComparison.Ordinal)
                || issuer.Contains("/AWSReservedSSO_", StringComparison.Ordinal)));

    /// <summary>The actor as people read it: <c>session-name (role ARN)</c> for role sessions, else <see cref="Id"/>.</summary>
    /// <returns>The actor as text.</returns>
    public override string ToString() =>
        SessionIssuerArn is not null && SessionName is not null ? $"{SessionName} ({SessionIssuerArn})" : Id;
}
