namespace IamSnapshot.Model;

/// <summary>
/// The parts of an account that a snapshot holds. A part the source did not provide is absent, which is
/// not the same as empty: the differ never reports the entities of an absent part as removed.
/// </summary>
[Flags]
public enum SnapshotParts
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Users (<c>UserDetailList</c>).</summary>
    Users = 1 << 0,

    /// <summary>Groups (<c>GroupDetailList</c>).</summary>
    Groups = 1 << 1,

    /// <summary>Roles and their instance profiles (<c>RoleDetailList</c>).</summary>
    Roles = 1 << 2,

    /// <summary>Managed policies (<c>Policies</c>).</summary>
    Policies = 1 << 3,

    /// <summary>The credential report.</summary>
    CredentialReport = 1 << 4,

    /// <summary>The account password policy (including "no policy set").</summary>
    PasswordPolicy = 1 << 5,

    /// <summary>The account summary counters.</summary>
    AccountSummary = 1 << 6,

    /// <summary>The account aliases.</summary>
    AccountAliases = 1 << 7,

    /// <summary>OIDC and SAML identity providers.</summary>
    IdentityProviders = 1 << 8,

    /// <summary>Virtual MFA devices.</summary>
    MfaDevices = 1 << 9,

    /// <summary>Access-key metadata per user.</summary>
    AccessKeys = 1 << 10,

    /// <summary>Server certificates.</summary>
    ServerCertificates = 1 << 11,

    /// <summary>Everything <c>get-account-authorization-details</c> returns.</summary>
    AuthorizationDetails = Users | Groups | Roles | Policies,
}
