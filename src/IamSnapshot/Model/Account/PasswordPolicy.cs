namespace IamSnapshot.Model;

/// <summary>
/// The account password policy (<c>GetAccountPasswordPolicy</c>), or the fact that none is set
/// (<see cref="NotSet"/>, the <c>NoSuchEntity</c> answer). On <see cref="AccountSnapshot"/>, a null policy means the
/// source did not say, which is not the same as <see cref="NotSet"/>. Immutable value with structural equality.
/// </summary>
/// <remarks>
/// Booleans the input leaves out read as false, which is what IAM applies; numbers it leaves out stay null
/// (<see cref="MaxPasswordAge"/> and <see cref="PasswordReusePrevention"/> are only present when configured).
/// When <see cref="IsSet"/> is false every other member is at its default and means nothing.
/// </remarks>
public sealed record PasswordPolicy
{
    /// <summary>No password policy is set on the account (IAM answers <c>NoSuchEntity</c>; IAM's defaults apply).</summary>
    public static PasswordPolicy NotSet { get; } = new() { IsSet = false };

    /// <summary>False for <see cref="NotSet"/>: the account has no password policy.</summary>
    public bool IsSet { get; init; } = true;

    /// <summary>The minimum password length, or null when the input did not give it.</summary>
    public int? MinimumPasswordLength { get; init; }

    /// <summary>Whether passwords need a symbol.</summary>
    public bool RequireSymbols { get; init; }

    /// <summary>Whether passwords need a digit.</summary>
    public bool RequireNumbers { get; init; }

    /// <summary>Whether passwords need an upper-case letter.</summary>
    public bool RequireUppercaseCharacters { get; init; }

    /// <summary>Whether passwords need a lower-case letter.</summary>
    public bool RequireLowercaseCharacters { get; init; }

    /// <summary>Whether users may change their own password.</summary>
    public bool AllowUsersToChangePassword { get; init; }

    /// <summary>Whether passwords expire.</summary>
    public bool ExpirePasswords { get; init; }

    /// <summary>Days a password stays valid, or null when passwords do not expire.</summary>
    public int? MaxPasswordAge { get; init; }

    /// <summary>How many previous passwords cannot be reused, or null when reuse is not restricted.</summary>
    public int? PasswordReusePrevention { get; init; }

    /// <summary>Whether an expired password locks the user out until an administrator resets it.</summary>
    public bool HardExpiry { get; init; }
}
