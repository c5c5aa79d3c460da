using IamSnapshot.Model;

namespace IamSnapshot.Aws;

/// <summary>What a capture is doing; reported through <see cref="AwsCaptureOptions.Progress"/>. Immutable value.</summary>
/// <param name="Target">The account (or role ARN, before the account id is known) being captured.</param>
/// <param name="Stage">The stage.</param>
/// <param name="Message">A one-line description for humans; never holds secrets.</param>
public sealed record CaptureProgress(string Target, CaptureStage Stage, string Message)
{
    /// <summary>Authorization-details pages fetched so far (for <see cref="CaptureStage.AuthorizationDetailsPage"/>).</summary>
    public int PagesFetched { get; init; }

    /// <summary>The part the event concerns, or <see cref="SnapshotParts.None"/>.</summary>
    public SnapshotParts Part { get; init; }

    /// <summary>How long the capture waits before the next attempt or poll, when it waits.</summary>
    public TimeSpan? Delay { get; init; }
}

/// <summary>The stages a capture reports.</summary>
public enum CaptureStage
{
    /// <summary>The capture of an account started.</summary>
    Started,

    /// <summary>A page of authorization details arrived.</summary>
    AuthorizationDetailsPage,

    /// <summary>The credential report is being generated; the capture polls.</summary>
    CredentialReportWaiting,

    /// <summary>A part of the snapshot was captured.</summary>
    PartCaptured,

    /// <summary>A part was left out (access denied and partial snapshots allowed).</summary>
    PartSkipped,

    /// <summary>A request is retried after throttling, a 5xx or a network error.</summary>
    Retrying,

    /// <summary>The capture of an account finished.</summary>
    Completed,

    /// <summary>The capture of an account failed.</summary>
    Failed,
}
