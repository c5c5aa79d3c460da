using System.Xml.Linq;

namespace IamSnapshot.Aws.Iam;

/// <summary>
/// The IAM read operations a capture calls. Results are the <c>&lt;OpResult&gt;</c> elements of the Query-API
/// responses, converted to CLI JSON by <see cref="QueryXmlToJson"/>; list operations return every page's members.
/// </summary>
internal interface IIamClient
{
    /// <summary>One page of <c>GetAccountAuthorizationDetails</c> (users, groups, roles, local and AWS managed policies).</summary>
    /// <param name="marker">The marker of the previous page, or null for the first.</param>
    /// <param name="maxItems">The page size (1–1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<QueryPage> GetAccountAuthorizationDetailsPageAsync(string? marker, int maxItems, CancellationToken cancellationToken);

    /// <summary>Starts (or checks) credential report generation.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state: <c>STARTED</c>, <c>INPROGRESS</c> or <c>COMPLETE</c>.</returns>
    Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken);

    /// <summary>Gets the credential report.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result element, or null while the report is still being generated or has expired.</returns>
    Task<XElement?> GetCredentialReportAsync(CancellationToken cancellationToken);

    /// <summary>Gets the account password policy.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result element, or null when the account has no password policy.</returns>
    Task<XElement?> GetAccountPasswordPolicyAsync(CancellationToken cancellationToken);

    /// <summary>Gets the account summary.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result element.</returns>
    Task<XElement> GetAccountSummaryAsync(CancellationToken cancellationToken);

    /// <summary>Lists the account aliases (every page).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The aliases.</returns>
    Task<IReadOnlyList<XElement>> ListAccountAliasesAsync(CancellationToken cancellationToken);

    /// <summary>Lists the OIDC providers.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members (each with an <c>Arn</c>).</returns>
    Task<IReadOnlyList<XElement>> ListOpenIdConnectProvidersAsync(CancellationToken cancellationToken);

    /// <summary>Gets one OIDC provider: URL, client ids (audiences), thumbprints, tags.</summary>
    /// <param name="arn">The provider ARN.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result element.</returns>
    Task<XElement> GetOpenIdConnectProviderAsync(string arn, CancellationToken cancellationToken);

    /// <summary>Lists the SAML providers.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members.</returns>
    Task<IReadOnlyList<XElement>> ListSamlProvidersAsync(CancellationToken cancellationToken);

    /// <summary>Lists the virtual MFA devices, assigned or not (every page).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members.</returns>
    Task<IReadOnlyList<XElement>> ListVirtualMfaDevicesAsync(CancellationToken cancellationToken);

    /// <summary>Lists the access keys of one user (every page).</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members, or null when the user disappeared during the capture.</returns>
    Task<IReadOnlyList<XElement>?> ListAccessKeysAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Lists the server certificates (every page).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members.</returns>
    Task<IReadOnlyList<XElement>> ListServerCertificatesAsync(CancellationToken cancellationToken);
}

/// <summary>One page of a paged Query-API list.</summary>
/// <param name="Result">The <c>&lt;OpResult&gt;</c> element.</param>
/// <param name="IsTruncated">Whether more pages follow.</param>
/// <param name="Marker">The marker of the next page, when truncated.</param>
internal sealed record QueryPage(XElement Result, bool IsTruncated, string? Marker);
