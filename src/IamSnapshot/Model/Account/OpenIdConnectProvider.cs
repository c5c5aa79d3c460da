namespace IamSnapshot.Model;

/// <summary>
/// An IAM OpenID Connect identity provider (<c>ListOpenIDConnectProviders</c>). Roles that trust it can be assumed
/// with tokens it issues, such as GitHub Actions'. Immutable value with structural equality.
/// </summary>
public sealed record OpenIdConnectProvider
{
    /// <summary>The provider's ARN, for example <c>arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com</c>.</summary>
    public required string Arn { get; init; }
}
