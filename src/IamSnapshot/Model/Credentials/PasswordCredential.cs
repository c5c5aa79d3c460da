namespace IamSnapshot.Model;

/// <summary>
/// The console password columns of one credential-report row. Immutable value with structural equality.
/// </summary>
public sealed record PasswordCredential
{
    /// <summary>Whether the principal has a console password (<c>password_enabled</c>).</summary>
    public PasswordStatus Status { get; init; }

    /// <summary>True only when <see cref="Status"/> is <see cref="PasswordStatus.Enabled"/>.</summary>
    public bool IsEnabled => Status == PasswordStatus.Enabled;

    /// <summary>When the password was last used to sign in (<c>password_last_used</c>).</summary>
    public CredentialDate LastUsed { get; init; }

    /// <summary>When the password was last set (<c>password_last_changed</c>).</summary>
    public CredentialDate LastChanged { get; init; }

    /// <summary>When the password policy requires a new password (<c>password_next_rotation</c>).</summary>
    public CredentialDate NextRotation { get; init; }
}
