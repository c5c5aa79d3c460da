using System.Text.Json;
using IamSnapshot.Aws.Capture;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Aws;

/// <summary>
/// A live AWS account as a snapshot source: captures IAM through the Query API with the SDK's credential chain
/// and SigV4 signing, then builds the snapshot with the same loader that imports AWS CLI output, so a capture
/// and an import of the same account are equal. Immutable and thread-safe; each load is a new capture.
/// </summary>
public sealed class AwsIamSnapshotSource : ISnapshotSource
{
    /// <summary>The <see cref="SnapshotMetadata.Source"/> of live captures.</summary>
    public const string SourceName = "live";

    /// <summary>Creates a source.</summary>
    /// <param name="options">The capture options; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public AwsIamSnapshotSource(AwsCaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public AwsCaptureOptions Options { get; }

    /// <summary>Captures the account and returns its snapshot.</summary>
    /// <param name="cancellationToken">Cancels the capture.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="AwsCaptureException">The capture failed; the message names the call and the part.</exception>
    public async Task<AccountSnapshot> LoadAsync(CancellationToken cancellationToken = default) =>
        (await CaptureAsync(cancellationToken).ConfigureAwait(false)).Snapshot;

    /// <summary>Captures the account and returns the snapshot with the parts left out of it.</summary>
    /// <param name="cancellationToken">Cancels the capture.</param>
    /// <returns>The result.</returns>
    /// <exception cref="AwsCaptureException">The capture failed; the message names the call and the part.</exception>
    public async Task<AwsCaptureResult> CaptureAsync(CancellationToken cancellationToken = default)
    {
        var captured = await AccountCapturer.CaptureAsync(Options, cancellationToken).ConfigureAwait(false);
        return new AwsCaptureResult(ToSnapshot(captured), captured.Warnings, captured.AuthorizationDetailsPages);
    }

    /// <summary>Builds the snapshot from captured CLI JSON through the import loaders.</summary>
    /// <param name="captured">The captured parts.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="AwsCaptureException">The captured data does not load (a response the loaders reject).</exception>
    internal static AccountSnapshot ToSnapshot(CapturedAccount captured)
    {
        var name = $"live capture of {captured.AccountId}";
        var metadata = new SnapshotMetadata
        {
            AccountId = captured.AccountId,
            Partition = captured.Partition.Name,
            CapturedAt = captured.CapturedAt,
            Source = SourceName,
            ToolVersion = SnapshotFile.ToolVersion,
            // The loader adds the authorization-details parts it finds.
            Parts = SnapshotParts.None,
        };

        try
        {
            using var document = JsonDocument.Parse(captured.PartsJson[SnapshotParts.AuthorizationDetails]);
            return AuthorizationDetailsLoader.Load(document.RootElement, name, metadata);
        }
        catch (SnapshotFormatException ex)
        {
            throw new AwsCaptureException(AwsFailureKind.MalformedResponse, "GetAccountAuthorizationDetails returned data the snapshot loader rejects: " + ex.Message, ex)
            {
                Operation = "GetAccountAuthorizationDetails",
                Part = SnapshotParts.AuthorizationDetails,
                AccountId = captured.AccountId,
            };
        }
    }
}
