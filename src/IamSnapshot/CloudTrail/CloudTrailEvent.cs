using System.Collections.Immutable;
using System.Globalization;

namespace IamSnapshot.CloudTrail;

/// <summary>
/// An IAM write event read from CloudTrail, with who made it, when, from where, and what it changed
/// (<see cref="Changes"/>). Failed calls (<see cref="ErrorCode"/> set) are kept too, but their changes
/// describe what was attempted and never count as changes. Immutable.
/// </summary>
public sealed record CloudTrailEvent
{
    /// <summary><c>eventID</c>: unique per event (the same event delivered twice has the same id).</summary>
    public required string EventId { get; init; }

    /// <summary>The API name, for example <c>AttachUserPolicy</c>.</summary>
    public required string EventName { get; init; }

    /// <summary><c>eventSource</c>, <c>iam.amazonaws.com</c> for IAM.</summary>
    public required string EventSource { get; init; }

    /// <summary>When the call was made (UTC; CloudTrail records whole seconds).</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary><c>awsRegion</c> as recorded, not validated (IAM is global and recorded in <c>us-east-1</c> in the <c>aws</c> partition).</summary>
    public string? Region { get; init; }

    /// <summary>The account whose log this is (<c>recipientAccountId</c>, else the caller's account).</summary>
    public string? AccountId { get; init; }

    /// <summary>Who made the call.</summary>
    public required CloudTrailActor Actor { get; init; }

    /// <summary>Whether a principal, a service for a principal, or AWS itself made the change.</summary>
    public EventOrigin Origin { get; init; }

    /// <summary><c>sourceIPAddress</c> as recorded: an IP address, or a service name such as <c>AWS Internal</c>; not validated.</summary>
    public string? SourceIpAddress { get; init; }

    /// <summary>The caller's user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The error code of a failed call (<c>AccessDenied</c>, <c>NoSuchEntityException</c>), or null when it succeeded.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The error message, when the record has one (some failures have a code and no message).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>True when the call failed: it changed nothing.</summary>
    public bool IsFailed => ErrorCode is not null;

    /// <summary><c>readOnly</c>, when the record says.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary><c>eventVersion</c> (<c>1.08</c>, <c>1.09</c>, …).</summary>
    public string? EventVersion { get; init; }

    /// <summary><c>requestID</c>.</summary>
    public string? RequestId { get; init; }

    /// <summary>What the call changed (or, for a failed call, tried to change), in a stable order.</summary>
    public ImmutableArray<IamChange> Changes { get; init; } = [];

    /// <summary>Where the record is in the logs.</summary>
    public required CloudTrailPosition Position { get; init; }

    /// <summary>Formats the event as <c>time eventName by actor</c>.</summary>
    /// <returns>The event as text.</returns>
    public override string ToString() =>
        $"{EventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {EventName}{(IsFailed ? " (failed: " + ErrorCode + ")" : string.Empty)} by {Actor}";
}
