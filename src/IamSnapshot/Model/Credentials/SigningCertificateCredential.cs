namespace IamSnapshot.Model;

/// <summary>
/// One of the two X.509 signing-certificate slots of a credential-report row. Immutable value with structural equality.
/// </summary>
public sealed record SigningCertificateCredential
{
    /// <summary>Whether the certificate exists and is active (<c>cert_N_active</c>).</summary>
    public bool Active { get; init; }

    /// <summary>When the certificate was created or last rotated (<c>cert_N_last_rotated</c>).</summary>
    public CredentialDate LastRotated { get; init; }
}
