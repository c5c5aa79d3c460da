namespace IamSnapshot.Aws;

/// <summary>Why a capture, or one part of it, failed.</summary>
public enum AwsFailureKind
{
    /// <summary>The options or the environment are wrong (bad URL, unknown profile, invalid ARN).</summary>
    Configuration,

    /// <summary>No credentials could be found, or STS refused to issue them.</summary>
    Credentials,

    /// <summary>The caller is not allowed to call the operation.</summary>
    AccessDenied,

    /// <summary>AWS kept throttling the caller after every retry.</summary>
    Throttled,

    /// <summary>AWS answered with an error that retrying does not fix, or kept failing with 5xx.</summary>
    ServiceError,

    /// <summary>The network failed after every retry (connection refused, reset, body cut short).</summary>
    Network,

    /// <summary>AWS answered with a body that is not what the API documents (not XML, a missing element, a truncated page).</summary>
    MalformedResponse,

    /// <summary>A request or the whole capture ran past its deadline.</summary>
    Timeout,
}
