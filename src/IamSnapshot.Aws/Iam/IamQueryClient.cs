using System.Globalization;
using System.Xml.Linq;
using IamSnapshot.Aws.Transport;

namespace IamSnapshot.Aws.Iam;

/// <summary>
/// IAM over the Query API (<c>Version=2010-05-08</c>), because AWSSDK.IdentityManagement is not available to
/// this project; the signing, credentials and retries come from AWSSDK.Core and Polly through
/// <see cref="AwsHttpTransport"/>.
/// </summary>
internal sealed class IamQueryClient : IIamClient
{
    private const int ListPageSize = 1000;

    private static readonly KeyValuePair<string, string>[] AuthorizationDetailsFilters =
    [
        new("Filter.member.1", "User"),
        new("Filter.member.2", "Role"),
        new("Filter.member.3", "Group"),
        new("Filter.member.4", "LocalManagedPolicy"),
        new("Filter.member.5", "AWSManagedPolicy"),
    ];

    private static readonly KeyValuePair<string, string>[] MaxItems = [new("MaxItems", ListPageSize.ToString(CultureInfo.InvariantCulture))];

    private readonly QueryProtocol _query;

    /// <summary>Creates a client.</summary>
    /// <param name="transport">The signed transport.</param>
    public IamQueryClient(AwsHttpTransport transport)
    {
        _query = new QueryProtocol(transport, AwsService.Iam, "2010-05-08");
    }

    /// <inheritdoc />
    public Task<QueryPage> GetAccountAuthorizationDetailsPageAsync(string? marker, int maxItems, CancellationToken cancellationToken) =>
        _query.CallPageAsync(
            "GetAccountAuthorizationDetails",
            [.. AuthorizationDetailsFilters, new("MaxItems", maxItems.ToString(CultureInfo.InvariantCulture))],
            marker,
            requireTruncationFlag: true,
            cancellationToken);

    /// <inheritdoc />
    public async Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken)
    {
        var result = await _query.CallAsync("GenerateCredentialReport", [], cancellationToken).ConfigureAwait(false);
        return result.ChildText("State") switch
        {
            { Length: > 0 } state => state,
            _ => throw QueryXmlToJson.Malformed("GenerateCredentialReport", "/GenerateCredentialReportResponse/GenerateCredentialReportResult/State", "the report state is missing"),
        };
    }

    /// <inheritdoc />
    public async Task<XElement?> GetCredentialReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await _query.CallAsync("GetCredentialReport", [], cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(result.ChildText("Content")))
            {
                throw QueryXmlToJson.Malformed("GetCredentialReport", "/GetCredentialReportResponse/GetCredentialReportResult/Content", "the report content is missing");
            }

            return result;
        }
        catch (AwsCaptureException ex) when (ex.ErrorCode is "ReportInProgress" or "ReportNotPresent" or "ReportExpired")
        {
            // Part of the normal flow: the caller generates (again) and polls.
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<XElement?> GetAccountPasswordPolicyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _query.CallAsync("GetAccountPasswordPolicy", [], cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCaptureException ex) when (ex.ErrorCode == "NoSuchEntity")
        {
            // IAM answers 404 NoSuchEntity when the account has no password policy: a fact, not a failure.
            return null;
        }
    }

    /// <inheritdoc />
    public Task<XElement> GetAccountSummaryAsync(CancellationToken cancellationToken) =>
        _query.CallAsync("GetAccountSummary", [], cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<XElement>> ListAccountAliasesAsync(CancellationToken cancellationToken) =>
        _query.ListAllAsync("ListAccountAliases", "AccountAliases", MaxItems, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<XElement>> ListOpenIdConnectProvidersAsync(CancellationToken cancellationToken)
    {
        var result = await _query.CallAsync("ListOpenIDConnectProviders", [], cancellationToken).ConfigureAwait(false);
        return [.. result.Members("OpenIDConnectProviderList")];
    }

    /// <inheritdoc />
    public Task<XElement> GetOpenIdConnectProviderAsync(string arn, CancellationToken cancellationToken) =>
        _query.CallAsync("GetOpenIDConnectProvider", [new("OpenIDConnectProviderArn", arn)], cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<XElement>> ListSamlProvidersAsync(CancellationToken cancellationToken)
    {
        var result = await _query.CallAsync("ListSAMLProviders", [], cancellationToken).ConfigureAwait(false);
        return [.. result.Members("SAMLProviderList")];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<XElement>> ListVirtualMfaDevicesAsync(CancellationToken cancellationToken) =>
        _query.ListAllAsync("ListVirtualMFADevices", "VirtualMFADevices", [new("AssignmentStatus", "Any"), .. MaxItems], cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<XElement>?> ListAccessKeysAsync(string userName, CancellationToken cancellationToken)
    {
        try
        {
            return await _query.ListAllAsync("ListAccessKeys", "AccessKeyMetadata", [new("UserName", userName), .. MaxItems], cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCaptureException ex) when (ex.ErrorCode == "NoSuchEntity")
        {
            // The user was deleted between the authorization-details page that named it and this call.
            return null;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<XElement>> ListServerCertificatesAsync(CancellationToken cancellationToken) =>
        _query.ListAllAsync("ListServerCertificates", "ServerCertificateMetadataList", MaxItems, cancellationToken);
}
