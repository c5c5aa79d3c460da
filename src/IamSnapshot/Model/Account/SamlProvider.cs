namespace IamSnapshot.Model;

/// <summary>
/// An IAM SAML identity provider (<c>ListSAMLProviders</c>). Immutable value with structural equality.
/// </summary>
public sealed record SamlProvider
{
    /// <summary>The provider's ARN, for example <c>arn:aws:iam::123456789012:saml-provider/Okta</c>.</summary>
    public required string Arn { get; init; }

    /// <summary>When the provider was created (UTC), or null when the input did not give it.</summary>
    public DateTimeOffset? CreateDate { get; init; }

    /// <summary>When the provider's metadata expires (UTC), or null when the input did not give it.</summary>
    public DateTimeOffset? ValidUntil { get; init; }
}
