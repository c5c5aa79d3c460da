namespace IamSnapshot.Model;

/// <summary>
/// One row of the IAM credential report: the credentials of one IAM user, or of the root user
/// (<see cref="IsRoot"/>). Rows are joined to <see cref="IamUser"/>s by <see cref="Arn"/>. Immutable value with
/// structural equality.
/// </summary>
public sealed record CredentialReportEntry
{
    /// <summary>The name the report uses for the root user.</summary>
    public const string RootUserName = "<root_account>";

    /// <summary>The user name (<c>user</c>), or <see cref="RootUserName"/> for the root row.</summary>
    public required string UserName { get; init; }

    /// <summary>The user's ARN (<c>arn</c>), including its path; <c>arn:aws:iam::ACCOUNT:root</c> for the root row.</summary>
    public required string Arn { get; init; }

    /// <summary>When the user (or the account, for root) was created (<c>user_creation_time</c>).</summary>
    public CredentialDate UserCreationTime { get; init; }

    /// <summary>The console password columns.</summary>
    public PasswordCredential Password { get; init; } = new();

    /// <summary>Whether an MFA device is active (<c>mfa_active</c>).</summary>
    public bool MfaActive { get; init; }

    /// <summary>The first access-key slot (<c>access_key_1_*</c>).</summary>
    public AccessKeyCredential AccessKey1 { get; init; } = new();

    /// <summary>The second access-key slot (<c>access_key_2_*</c>).</summary>
    public AccessKeyCredential AccessKey2 { get; init; } = new();

    /// <summary>The first signing-certificate slot (<c>cert_1_*</c>).</summary>
    public SigningCertificateCredential Certificate1 { get; init; } = new();

    /// <summary>The second signing-certificate slot (<c>cert_2_*</c>).</summary>
    public SigningCertificateCredential Certificate2 { get; init; } = new();

    /// <summary>
    /// True for the root user's row (<c>&lt;root_account&gt;</c>, or an ARN ending in <c>:root</c>). Root is not an IAM
    /// user: its password columns follow other rules, and user rules must not be applied to it blindly.
    /// </summary>
    public bool IsRoot =>
        string.Equals(UserName, RootUserName, StringComparison.Ordinal) || Arn.EndsWith(":root", StringComparison.Ordinal);
}
