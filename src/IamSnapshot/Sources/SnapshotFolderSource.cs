using IamSnapshot.Model;

namespace IamSnapshot.Sources;

/// <summary>
/// A folder of AWS CLI outputs, loaded as one snapshot. Files are named after the operation that produced them:
/// <c>get-account-authorization-details.json</c> (required), <c>get-credential-report.json</c> or
/// <c>credential-report.csv</c>, <c>get-account-password-policy.json</c>, <c>get-account-summary.json</c>,
/// <c>list-account-aliases.json</c>, <c>list-open-id-connect-providers.json</c>, <c>list-saml-providers.json</c> and
/// <c>list-virtual-mfa-devices.json</c>; CloudMapper's <c>iam-</c>-prefixed names (<c>iam-get-credential-report.json</c>…)
/// are accepted too. A missing optional file leaves its part absent. Immutable; may be loaded more than once.
/// </summary>
/// <remarks>
/// The capture time is <see cref="ImportOptions.CapturedAt"/>, else the credential report's generation time, else
/// unknown. Credential-report rows whose user is not in the authorization details are kept (as rows of the report
/// with no matching <see cref="IamUser"/>) and reported through <see cref="ImportOptions.OnWarning"/>.
/// </remarks>
/// <param name="folderPath">The folder.</param>
/// <param name="options">The capture time to record and where warnings go.</param>
public sealed class SnapshotFolderSource(string folderPath, ImportOptions? options = null) : ISnapshotSource
{
    /// <summary>The folder.</summary>
    public string FolderPath { get; } = folderPath ?? throw new ArgumentNullException(nameof(folderPath));

    /// <inheritdoc />
    public Task<AccountSnapshot> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => FolderLoader.Load(FolderPath, options, cancellationToken), cancellationToken);
}
