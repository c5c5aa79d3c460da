using System.Net;
using IamSnapshot.Model;

namespace IamSnapshot.Aws;

/// <summary>
/// A live capture failed. The message says what was called, what AWS answered and what to do; it never holds
/// credentials, session tokens or signatures, so it is safe to log.
/// </summary>
public sealed class AwsCaptureException : Exception
{
    /// <summary>Creates an exception.</summary>
    public AwsCaptureException()
        : this(AwsFailureKind.ServiceError, "The capture failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AwsCaptureException(string message)
        : this(AwsFailureKind.ServiceError, message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AwsCaptureException(string message, Exception innerException)
        : this(AwsFailureKind.ServiceError, message, innerException)
    {
    }

    /// <summary>Creates an exception of a given kind.</summary>
    /// <param name="kind">Why the capture failed.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, or null.</param>
    public AwsCaptureException(AwsFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Why the capture failed.</summary>
    public AwsFailureKind Kind { get; }

    /// <summary>The API operation that failed, for example <c>GetAccountAuthorizationDetails</c>, or null.</summary>
    public string? Operation { get; init; }

    /// <summary>The error code AWS returned, for example <c>AccessDenied</c> or <c>Throttling</c>, or null.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The HTTP status AWS returned, or null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The request id AWS returned, for support cases, or null.</summary>
    public string? RequestId { get; init; }

    /// <summary>The part of the snapshot that could not be captured, or <see cref="SnapshotParts.None"/>.</summary>
    public SnapshotParts Part { get; init; }

    /// <summary>The account being captured, or null when not yet known.</summary>
    public string? AccountId { get; init; }

    /// <summary>Whether retrying the same request may succeed (throttling, 5xx, a dropped connection).</summary>
    internal bool IsTransient { get; init; }

    /// <summary>A copy with the part and account filled in, keeping everything else.</summary>
    /// <param name="part">The part.</param>
    /// <param name="accountId">The account, or null to keep the current one.</param>
    /// <param name="prefix">Text to put before the message, or null.</param>
    /// <returns>The copy.</returns>
    internal AwsCaptureException For(SnapshotParts part, string? accountId, string? prefix = null) =>
        new(Kind, prefix is null ? Message : prefix + Message, InnerException)
        {
            Operation = Operation,
            ErrorCode = ErrorCode,
            StatusCode = StatusCode,
            RequestId = RequestId,
            Part = part == SnapshotParts.None ? Part : part,
            AccountId = accountId ?? AccountId,
            IsTransient = IsTransient,
        };
}
