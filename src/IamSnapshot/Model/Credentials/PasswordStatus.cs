namespace IamSnapshot.Model;

/// <summary>
/// The <c>password_enabled</c> cell of the credential report. The root row changed meaning in 2024–2025: older
/// reports say <c>not_supported</c> for root, newer ones say <c>true</c> or <c>false</c>. Tools that mapped
/// <c>not_supported</c> to a boolean got root wrong both ways, so it is kept as its own state.
/// </summary>
public enum PasswordStatus
{
    /// <summary><c>false</c>: the principal has no console password.</summary>
    Disabled = 0,

    /// <summary><c>true</c>: the principal has a console password.</summary>
    Enabled = 1,

    /// <summary><c>not_supported</c>: the report does not say (the root row of reports from before 2024–2025).</summary>
    NotSupported = 2,
}
