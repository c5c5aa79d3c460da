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

    /// <summary>The snapshot of a capture (the credential report and other parts join it once the model holds them).</summary>
    /// <param name="captured">The captured parts.</param>
    /// <returns>The snapshot.</returns>
    internal static AccountSnapshot ToSnapshot(CapturedAccount captured) => captured.Snapshot;
}
