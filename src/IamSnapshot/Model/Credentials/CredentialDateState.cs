namespace IamSnapshot.Model;

/// <summary>
/// What a date cell of the credential report holds. The three sentinels mean different things, and rules depend on
/// the difference (a password that was never used is not the same as no password), so they are kept apart and never
/// turned into a date.
/// </summary>
public enum CredentialDateState
{
    /// <summary>
    /// <c>N/A</c>: the credential does not exist or was never used (no password, no key in the slot, a key never used).
    /// The default, so that <c>default(CredentialDate)</c> means "nothing there".
    /// </summary>
    NotApplicable = 0,

    /// <summary>A date: <see cref="CredentialDate.Value"/> holds it.</summary>
    Date = 1,

    /// <summary><c>not_supported</c>: IAM does not track this value for this principal (the root row's password columns).</summary>
    NotSupported = 2,

    /// <summary>
    /// <c>no_information</c>: IAM has no record: a password never used, or last used before IAM started tracking
    /// (October 2014).
    /// </summary>
    NoInformation = 3,
}
