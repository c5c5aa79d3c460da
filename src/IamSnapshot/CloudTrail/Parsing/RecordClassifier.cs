using System.Text;
using System.Text.Json;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Reads one JSON object in a single pass and notes the top-level fields that tell what it is and
/// what coverage it adds; nested values are skipped, not materialised. Property names are matched
/// without regard to case because Athena and CloudTrail Lake exports lower-case them.
/// </summary>
internal static class RecordClassifier
{
    private enum Field
    {
        Other,
        EventTime,
        EventName,
        EventSource,
        EventVersion,
        AwsRegion,
        RecipientAccountId,
        ReadOnly,
        Detail,
        DetailType,
        Account,
        Region,
        CloudTrailEvent,
        ContainerArray,
        DigestKey,
    }

    /// <summary>
    /// Scans the object that starts at the reader's next token. Offsets in <paramref name="summary"/> are
    /// relative to the reader's first byte.
    /// </summary>
    /// <returns>True when the whole object was read; false when the data ended first (read more and retry).</returns>
    /// <exception cref="JsonException">The JSON is malformed.</exception>
    /// <exception cref="InvalidOperationException">The next value is not an object (the message says what it is).</exception>
    public static bool TryScan(ref Utf8JsonReader reader, ref RecordSummary summary)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            if (!reader.TrySkip())
            {
                return false;
            }

            throw new InvalidOperationException($"expected a record (a JSON object), found {Describe(reader.TokenType)}");
        }

        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            var field = Identify(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            switch (field)
            {
                case Field.EventTime:
                    summary.HasEventFields = true;
                    ReadTime(ref reader, ref summary);
                    break;
                case Field.EventName:
                case Field.EventVersion:
                    summary.HasEventFields = true;
                    break;
                case Field.EventSource:
                    summary.HasEventFields = true;
                    summary.IsIam = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("iam.amazonaws.com"u8);
                    if (!summary.IsIam && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                    {
                        summary.IsIam = Ascii.EqualsIgnoreCase(reader.ValueSpan, "iam.amazonaws.com"u8);
                    }

                    break;
                case Field.AwsRegion:
                    ReadText(ref reader, out summary.Region, out summary.EscapedRegion);
                    break;
                case Field.RecipientAccountId:
                    ReadText(ref reader, out summary.Account, out summary.EscapedAccount);
                    break;
                case Field.Region:
                    ReadText(ref reader, out summary.EnvelopeRegion, out _);
                    break;
                case Field.Account:
                    ReadText(ref reader, out summary.EnvelopeAccount, out _);
                    break;
                case Field.ReadOnly:
                    summary.ReadOnly = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        JsonTokenType.String when reader.ValueTextEquals("true"u8) || reader.ValueTextEquals("True"u8) => true,
                        JsonTokenType.String when reader.ValueTextEquals("false"u8) || reader.ValueTextEquals("False"u8) => false,
                        _ => null,
                    };
                    break;
                case Field.DetailType:
                    summary.HasDetailType = true;
                    break;
                case Field.Detail when reader.TokenType == JsonTokenType.StartObject:
                    var detailStart = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    summary.Detail = new ByteRange(detailStart, (int)reader.BytesConsumed - detailStart);
                    break;
                case Field.CloudTrailEvent:
                    summary.HasCloudTrailEventKey = true;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        var start = (int)reader.TokenStartIndex;
                        summary.CloudTrailEventToken = new ByteRange(start, (int)reader.BytesConsumed - start);
                    }
                    else if (!reader.TrySkip())
                    {
                        return false;
                    }

                    break;
                case Field.ContainerArray when reader.TokenType == JsonTokenType.StartArray:
                    summary.HasContainerArray = true;
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    break;
                case Field.DigestKey:
                    summary.HasDigestKeys = true;
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    break;
                default:
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    break;
            }
        }
    }

    /// <summary>True when the property name at the reader is <c>Records</c> or <c>Events</c>, the arrays a log file wraps records in.</summary>
    public static bool IsContainerName(ref Utf8JsonReader reader) => Identify(ref reader) == Field.ContainerArray;

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };

    private static Field Identify(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Identify(reader.ValueSpan);
        }

        Span<byte> scratch = stackalloc byte[32];
        return reader.ValueSpan.Length > scratch.Length ? Field.Other : Identify(scratch[..reader.CopyString(scratch)]);
    }

    private static Field Identify(ReadOnlySpan<byte> name)
    {
        return name.Length switch
        {
            6 when Ascii.EqualsIgnoreCase(name, "detail"u8) => Field.Detail,
            6 when Ascii.EqualsIgnoreCase(name, "region"u8) => Field.Region,
            6 when Ascii.EqualsIgnoreCase(name, "Events"u8) => Field.ContainerArray,
            7 when Ascii.EqualsIgnoreCase(name, "account"u8) => Field.Account,
            7 when Ascii.EqualsIgnoreCase(name, "Records"u8) => Field.ContainerArray,
            8 when Ascii.EqualsIgnoreCase(name, "readOnly"u8) => Field.ReadOnly,
            8 when Ascii.EqualsIgnoreCase(name, "logFiles"u8) => Field.DigestKey,
            9 when Ascii.EqualsIgnoreCase(name, "eventTime"u8) => Field.EventTime,
            9 when Ascii.EqualsIgnoreCase(name, "eventName"u8) => Field.EventName,
            9 when Ascii.EqualsIgnoreCase(name, "awsRegion"u8) => Field.AwsRegion,
            11 when Ascii.EqualsIgnoreCase(name, "eventSource"u8) => Field.EventSource,
            11 when Ascii.EqualsIgnoreCase(name, "detail-type"u8) => Field.DetailType,
            12 when Ascii.EqualsIgnoreCase(name, "eventVersion"u8) => Field.EventVersion,
            13 when Ascii.EqualsIgnoreCase(name, "digestEndTime"u8) => Field.DigestKey,
            15 when Ascii.EqualsIgnoreCase(name, "CloudTrailEvent"u8) => Field.CloudTrailEvent,
            15 when Ascii.EqualsIgnoreCase(name, "digestStartTime"u8) => Field.DigestKey,
            18 when Ascii.EqualsIgnoreCase(name, "recipientAccountId"u8) => Field.RecipientAccountId,
            _ => Field.Other,
        };
    }

    private static void ReadText(ref Utf8JsonReader reader, out ByteRange range, out string? escaped)
    {
        range = default;
        escaped = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return;
        }

        if (reader.ValueIsEscaped)
        {
            escaped = reader.GetString();
            return;
        }

        // The value of a string token starts one byte after its opening quote.
        range = new ByteRange((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
    }

    private static void ReadTime(ref Utf8JsonReader reader, ref RecordSummary summary)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // The fast path only for a 'Z' suffix: the in-box parser reads a zone-less time as local time.
                var span = reader.ValueSpan;
                if (!reader.ValueIsEscaped && span.Length > 0 && span[^1] == (byte)'Z' && reader.TryGetDateTimeOffset(out var fast))
                {
                    summary.EventTime = fast;
                    return;
                }

                var text = reader.GetString();
                if (CloudTrailDates.TryParse(text, out var parsed))
                {
                    summary.EventTime = parsed;
                }
                else
                {
                    summary.UnreadableEventTime = text ?? string.Empty;
                }

                return;
            case JsonTokenType.Number when reader.TryGetDouble(out var number) && CloudTrailDates.TryFromEpoch(number, out var epoch):
                summary.EventTime = epoch;
                return;
            default:
                summary.UnreadableEventTime = Describe(reader.TokenType);
                return;
        }
    }
}
