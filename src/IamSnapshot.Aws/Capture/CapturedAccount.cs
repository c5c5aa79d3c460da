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
    /// <param name="snapshot">The snapshot of the authorization details, with the capture's metadata.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="parts">Each other captured part's CLI JSON.</param>
    /// <param name="warnings">Parts left out.</param>
    /// <param name="authorizationDetailsPages">How many pages the authorization details took.</param>
    public CapturedAccount(AccountSnapshot snapshot, AwsPartition partition, ImmutableSortedDictionary<SnapshotParts, byte[]> parts, ImmutableArray<CaptureWarning> warnings, int authorizationDetailsPages)
    {
        Snapshot = snapshot;
        Partition = partition;
        PartsJson = parts;
        Warnings = warnings;
        AuthorizationDetailsPages = authorizationDetailsPages;
    }

    /// <summary>The snapshot of the authorization details (users, groups, roles, policies, instance profiles).</summary>
    public AccountSnapshot Snapshot { get; }

    /// <summary>The account id.</summary>
    public string AccountId => Snapshot.Metadata.AccountId!;

    /// <summary>The partition.</summary>
    public AwsPartition Partition { get; }

    /// <summary>When the capture started.</summary>
    public DateTimeOffset CapturedAt => Snapshot.Metadata.CapturedAt!.Value;

    /// <summary>
    /// Each captured part other than the authorization details, as CLI JSON: <see cref="SnapshotParts.CredentialReport"/> (get-credential-report: base64 <c>Content</c>),
    /// <see cref="SnapshotParts.PasswordPolicy"/> (<c>{"PasswordPolicy": {...}}</c>, or <c>null</c> when none is set),
    /// <see cref="SnapshotParts.AccountSummary"/> (<c>SummaryMap</c>), <see cref="SnapshotParts.AccountAliases"/>,
    /// <see cref="SnapshotParts.IdentityProviders"/> (<c>OpenIDConnectProviderList</c> with each provider's details, <c>SAMLProviderList</c>),
    /// <see cref="SnapshotParts.MfaDevices"/> (<c>VirtualMFADevices</c>), <see cref="SnapshotParts.AccessKeys"/>
    /// (<c>AccessKeyMetadata</c> of every user) and <see cref="SnapshotParts.ServerCertificates"/>.
    /// </summary>
    public ImmutableSortedDictionary<SnapshotParts, byte[]> PartsJson { get; }

    /// <summary>The parts captured (authorization details count as their four parts).</summary>
    public SnapshotParts Parts => PartsJson.Keys.Aggregate(SnapshotParts.AuthorizationDetails, (all, part) => all | part);

    /// <summary>Parts left out of a partial capture.</summary>
    public ImmutableArray<CaptureWarning> Warnings { get; }

    /// <summary>How many authorization-details pages were fetched.</summary>
    public int AuthorizationDetailsPages { get; }
}
