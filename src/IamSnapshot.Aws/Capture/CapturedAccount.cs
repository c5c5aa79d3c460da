using System.Collections.Immutable;
using IamSnapshot.Aws.Transport;
using IamSnapshot.Model;

namespace IamSnapshot.Aws.Capture;

/// <summary>
/// What a live capture brought back, before it becomes an <see cref="AccountSnapshot"/>: each part as the JSON
/// the AWS CLI prints for the same call, so the import loaders read it. Immutable.
/// </summary>
internal sealed class CapturedAccount
{
    /// <summary>Creates a captured account.</summary>
    /// <param name="accountId">The account id (from GetCallerIdentity).</param>
    /// <param name="partition">The partition.</param>
    /// <param name="capturedAt">When the capture started.</param>
    /// <param name="parts">Each captured part's CLI JSON.</param>
    /// <param name="warnings">Parts left out.</param>
    /// <param name="authorizationDetailsPages">How many pages the authorization details took.</param>
    public CapturedAccount(string accountId, AwsPartition partition, DateTimeOffset capturedAt, ImmutableSortedDictionary<SnapshotParts, byte[]> parts, ImmutableArray<CaptureWarning> warnings, int authorizationDetailsPages)
    {
        AccountId = accountId;
        Partition = partition;
        CapturedAt = capturedAt;
        PartsJson = parts;
        Warnings = warnings;
        AuthorizationDetailsPages = authorizationDetailsPages;
    }

    /// <summary>The account id.</summary>
    public string AccountId { get; }

    /// <summary>The partition.</summary>
    public AwsPartition Partition { get; }

    /// <summary>When the capture started.</summary>
    public DateTimeOffset CapturedAt { get; }

    /// <summary>
    /// Each captured part as CLI JSON: <see cref="SnapshotParts.AuthorizationDetails"/> (get-account-authorization-details),
    /// <see cref="SnapshotParts.CredentialReport"/> (get-credential-report: base64 <c>Content</c>),
    /// <see cref="SnapshotParts.PasswordPolicy"/> (<c>{"PasswordPolicy": {...}}</c>, or <c>null</c> when none is set),
    /// <see cref="SnapshotParts.AccountSummary"/> (<c>SummaryMap</c>), <see cref="SnapshotParts.AccountAliases"/>,
    /// <see cref="SnapshotParts.IdentityProviders"/> (<c>OpenIDConnectProviderList</c> with each provider's details, <c>SAMLProviderList</c>),
    /// <see cref="SnapshotParts.MfaDevices"/> (<c>VirtualMFADevices</c>), <see cref="SnapshotParts.AccessKeys"/>
    /// (<c>AccessKeyMetadata</c> of every user) and <see cref="SnapshotParts.ServerCertificates"/>.
    /// </summary>
    public ImmutableSortedDictionary<SnapshotParts, byte[]> PartsJson { get; }

    /// <summary>The parts captured (authorization details count as their four parts).</summary>
    public SnapshotParts Parts => PartsJson.Keys.Aggregate(SnapshotParts.None, (all, part) => all | part);

    /// <summary>Parts left out of a partial capture.</summary>
    public ImmutableArray<CaptureWarning> Warnings { get; }

    /// <summary>How many authorization-details pages were fetched.</summary>
    public int AuthorizationDetailsPages { get; }
}
