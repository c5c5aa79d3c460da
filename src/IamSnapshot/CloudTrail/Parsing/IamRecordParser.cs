using System.Collections.Immutable;
using System.Text.Json;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>Defaults a wrapper gives its record (an EventBridge event's <c>account</c> and <c>region</c>).</summary>
internal readonly record struct RecordDefaults(string? Account, string? Region);

/// <summary>
/// Materialises one IAM record (only IAM records get this far) into a <see cref="CloudTrailEvent"/>:
/// identity, time, origin and the normalised <see cref="IamChange"/>s.
/// </summary>
internal static class IamRecordParser
{
    /// <summary>True for IAM calls that change nothing a snapshot holds, even when <c>readOnly</c> is false or missing.</summary>
    public static bool IsNonChanging(string eventName) =>
        eventName.StartsWith("Get", StringComparison.Ordinal)
        || eventName.StartsWith("List", StringComparison.Ordinal)
        || eventName.StartsWith("Generate", StringComparison.Ordinal)
        || eventName.StartsWith("Simulate", StringComparison.Ordinal);

    /// <summary>
    /// Parses the record. Returns null when the record is not an IAM write worth keeping (a read, or a
    /// report generation). Problems inside the record (an unreadable policy document, a missing
    /// <c>eventName</c>) go to <paramref name="report"/> with the record's position.
    /// </summary>
    public static CloudTrailEvent? Parse(
        ReadOnlyMemory<byte> bytes,
        DateTimeOffset eventTime,
        RecordDefaults defaults,
        CloudTrailPosition position,
        Action<CloudTrailDiagnostic> report,
        int maxDepth = CloudTrailReaderOptions.DefaultMaxDepth)
    {
        var documentOptions = new JsonDocumentOptions { MaxDepth = maxDepth };
        using var document = JsonDocument.Parse(bytes, documentOptions);
        var root = document.RootElement;
        var eventName = Json.String(root, "eventName");
        if (eventName is null)
        {
            report(new CloudTrailDiagnostic(CloudTrailDiagnosticSeverity.Warning, position, "the IAM record has no eventName; it was skipped"));
            return null;
        }

        var readOnly = Json.Bool(Json.Get(root, "readOnly"));
        if (readOnly == true || IsNonChanging(eventName))
        {
            return null;
        }

        var actor = ParseActor(root);
        var region = Json.String(root, "awsRegion") ?? defaults.Region;
        var account = Json.String(root, "recipientAccountId") ?? defaults.Account ?? actor.AccountId;
        var sourceIp = Json.String(root, "sourceIPAddress");
        var userAgent = Json.String(root, "userAgent");
        var errorCode = Json.String(root, "errorCode");

        // Athena exports keep requestParameters and responseElements as JSON text; read them as objects.
        using var request = Embedded(Json.Get(root, "requestParameters"), documentOptions);
        using var response = Embedded(Json.Get(root, "responseElements"), documentOptions);

        var partition = IamArn.PartitionOf(actor.Arn)
            ?? IamArn.PartitionOf(actor.SessionIssuerArn)
            ?? IamArn.PartitionOfRegion(region);

        var context = new IamEventContext(
            eventName,
            partition,
            account ?? "unknown",
            request.Element,
            response.Element,
            actor,
            ResourceArns(Json.Get(root, "resources")),
            detail => report(new CloudTrailDiagnostic(CloudTrailDiagnosticSeverity.Warning, position, $"{eventName}: {detail}")));
        IamEventNormalizer.Normalize(context);

        return new CloudTrailEvent
        {
            EventId = Json.String(root, "eventID") ?? Json.String(root, "requestID") ?? $"{position.Source}#{position.ByteOffset}",
            EventName = eventName,
            EventSource = Json.String(root, "eventSource") ?? "iam.amazonaws.com",
            EventTime = eventTime,
            Region = region,
            AccountId = account,
            Actor = actor,
            Origin = OriginOf(actor, sourceIp, userAgent),
            SourceIpAddress = sourceIp,
            UserAgent = userAgent,
            ErrorCode = errorCode,
            ErrorMessage = Json.String(root, "errorMessage"),
            ReadOnly = readOnly,
            EventVersion = Json.String(root, "eventVersion"),
            RequestId = Json.String(root, "requestID"),
            Changes = context.Changes.ToImmutable(),
            Position = position,
        };
    }

    internal static CloudTrailActor ParseActor(JsonElement root)
    {
        var identity = Json.Get(root, "userIdentity");
        var type = Json.String(identity, "type");
        var arn = Json.String(identity, "arn");
        var principalId = Json.String(identity, "principalId");
        var invokedBy = Json.String(identity, "invokedBy");
        var session = Json.Get(identity, "sessionContext");

        // An empty sessionIssuer ({}) is common on console sessions of IAM users: it means "no role".
        var issuerArn = Json.String(Json.Get(session, "sessionIssuer"), "arn");
        var attributes = Json.Get(session, "attributes");

        return new CloudTrailActor
        {
            Id = arn ?? invokedBy ?? principalId ?? "unknown",
            Arn = arn,
            PrincipalType = type,
            PrincipalId = principalId,
            AccountId = Json.String(identity, "accountId"),
            UserName = Json.String(identity, "userName"),
            AccessKeyId = Json.String(identity, "accessKeyId"),
            InvokedBy = invokedBy,
            SessionIssuerArn = issuerArn,
            SessionName = SessionNameOf(type, arn, principalId),
            SourceIdentity = Json.String(session, "sourceIdentity"),
            MfaAuthenticated = Json.Bool(Json.Get(attributes, "mfaAuthenticated")),
            ConsoleSession = Json.Bool(Json.Get(root, "sessionCredentialFromConsole")),
        };
    }

    internal static EventOrigin OriginOf(CloudTrailActor actor, string? sourceIp, string? userAgent)
    {
        if (string.Equals(actor.PrincipalType, "AWSService", StringComparison.Ordinal))
        {
            return EventOrigin.AwsService;
        }

        if (actor.SessionIssuerArn is { } issuer
            && (issuer.Contains(":role/aws-service-role/", StringComparison.Ordinal) || issuer.Contains("/AWSServiceRoleFor", StringComparison.Ordinal)))
        {
            return EventOrigin.AwsService;
        }

        // IAM Identity Center provisions its AWSReservedSSO_* roles in member accounts itself.
        if (IsSso(sourceIp) || IsSso(actor.InvokedBy) || IsSso(userAgent))
        {
            return EventOrigin.AwsService;
        }

        return actor.InvokedBy is { } service && service.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
            ? EventOrigin.AwsServiceOnBehalfOfPrincipal
            : EventOrigin.Principal;

        static bool IsSso(string? value) => string.Equals(value, "sso.amazonaws.com", StringComparison.OrdinalIgnoreCase);
    }

    private static string? SessionNameOf(string? type, string? arn, string? principalId)
    {
        if (arn is not null)
        {
            var marker = arn.IndexOf(":assumed-role/", StringComparison.Ordinal);
            if (marker >= 0)
            {
                var slash = arn.IndexOf('/', marker + ":assumed-role/".Length);
                return slash >= 0 ? arn[(slash + 1)..] : null;
            }

            marker = arn.IndexOf(":federated-user/", StringComparison.Ordinal);
            if (marker >= 0)
            {
                return arn[(marker + ":federated-user/".Length)..];
            }
        }

        // A role session id is "AROA…:session-name".
        if (string.Equals(type, "AssumedRole", StringComparison.Ordinal) && principalId?.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
        {
            return principalId[(colon + 1)..];
        }

        return null;
    }

    private static ImmutableArray<string> ResourceArns(JsonElement resources)
    {
        if (resources.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var arns = ImmutableArray.CreateBuilder<string>();
        foreach (var resource in resources.EnumerateArray())
        {
            // The key is "ARN" in CloudTrail, "arn" in some exports; "ARNPrefix" entries name no single entity.
            if (Json.String(resource, "ARN") is { } arn && arn.Contains(":iam::", StringComparison.Ordinal))
            {
                arns.Add(arn);
            }
        }

        return arns.ToImmutable();
    }

    private static EmbeddedJson Embedded(JsonElement element, JsonDocumentOptions documentOptions)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString();
            if (text is not null && text.AsSpan().TrimStart().StartsWith("{"))
            {
                try
                {
                    var document = JsonDocument.Parse(text, documentOptions);
                    return new EmbeddedJson(document, document.RootElement);
                }
                catch (JsonException)
                {
                    return new EmbeddedJson(null, default);
                }
            }
        }

        return new EmbeddedJson(null, element.ValueKind == JsonValueKind.Object ? element : default);
    }

    private readonly struct EmbeddedJson(JsonDocument? document, JsonElement element) : IDisposable
    {
        public JsonElement Element { get; } = element;

        public void Dispose() => document?.Dispose();
    }
}
