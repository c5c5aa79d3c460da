using System.Net;
using System.Text.Json;
using System.Xml;

namespace IamSnapshot.Aws.Transport;

/// <summary>Turns an AWS error response (Query XML or JSON protocol) into an <see cref="AwsCaptureException"/>.</summary>
internal static class AwsErrorParser
{
    // Codes the SDKs treat as throttling. IAM uses "Throttling"; JSON services use "ThrottlingException".
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "BandwidthLimitExceeded", "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "InternalFailure", "InternalError", "ServiceFailure", "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
    };

    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "AuthorizationError",
    };

    private static readonly HashSet<string> CredentialCodes = new(StringComparer.Ordinal)
    {
        "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature", "ExpiredToken", "ExpiredTokenException",
        "UnrecognizedClientException", "InvalidSignatureException", "MissingAuthenticationToken", "RequestExpired",
    };

    /// <summary>Builds the exception for a non-success response.</summary>
    /// <param name="operation">The operation called.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The response body (may be empty).</param>
    /// <param name="headerErrorType">The <c>x-amzn-ErrorType</c> header, or null.</param>
    /// <param name="headerRequestId">The request id header, or null.</param>
    /// <returns>The exception (not thrown).</returns>
    public static AwsCaptureException FromResponse(string operation, HttpStatusCode status, ReadOnlySpan<byte> body, string? headerErrorType, string? headerRequestId)
    {
        var (code, message, requestId) = ParseBody(body);
        code ??= headerErrorType is null ? null : StripErrorType(headerErrorType);
        requestId ??= headerRequestId;

        var numeric = (int)status;
        var throttled = (code is not null && ThrottlingCodes.Contains(code)) || numeric == 429;
        var transient = throttled || numeric >= 500 || (code is not null && TransientCodes.Contains(code));
        var kind = throttled ? AwsFailureKind.Throttled
            : code is not null && AccessDeniedCodes.Contains(code) ? AwsFailureKind.AccessDenied
            : code is not null && CredentialCodes.Contains(code) ? AwsFailureKind.Credentials
            : AwsFailureKind.ServiceError;

        var described = code is null ? $"HTTP {numeric}" : $"{code} (HTTP {numeric})";
        var text = $"{operation} failed: {described}" + (string.IsNullOrWhiteSpace(message) ? "." : ": " + message.Trim());
        if (kind == AwsFailureKind.AccessDenied)
        {
            text += $" Grant the capturing identity iam:{operation} or its service's equivalent (see docs/aws-capture.md).";
        }

        return new AwsCaptureException(kind, text)
        {
            Operation = operation,
            ErrorCode = code,
            StatusCode = status,
            RequestId = requestId,
            IsTransient = transient,
        };
    }

    private static (string? Code, string? Message, string? RequestId) ParseBody(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return (null, null, null);
        }

        try
        {
            if (trimmed[0] == (byte)'{')
            {
                using var json = JsonDocument.Parse(trimmed.ToArray());
                var root = json.RootElement;
                var code = GetString(root, "__type") ?? GetString(root, "code") ?? GetString(root, "Code");
                var message = GetString(root, "message") ?? GetString(root, "Message");
                return (code is null ? null : StripErrorType(code), message, null);
            }

            if (trimmed[0] == (byte)'<')
            {
                var doc = SafeXml.Parse(trimmed.ToArray());
                var root = doc.Root!;
                // Query protocol: <ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>;
                // S3-style: <Error><Code/><Message/><RequestId/></Error>.
                var error = root.Name.LocalName == "Error" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                var requestId = root.ChildText("RequestId") ?? error?.ChildText("RequestId");
                return (error?.ChildText("Code"), error?.ChildText("Message"), requestId);
            }
        }
        catch (JsonException)
        {
            // An unreadable error body: the status code alone decides.
        }
        catch (XmlException)
        {
            // Same.
        }

        return (null, null, null);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // JSON-protocol codes may be "prefix#Code" or "Code:http://..."; the SDKs keep only the code.
    private static string StripErrorType(string value)
    {
        var hash = value.LastIndexOf('#');
        var code = hash >= 0 ? value[(hash + 1)..] : value;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? code[..colon] : code).Trim();
    }
}
