namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>A range of bytes inside one scanned item, relative to the item's first byte.</summary>
internal readonly record struct ByteRange(int Start, int Length)
{
    public bool IsEmpty => Length == 0;
}

/// <summary>What a JSON object in a log turned out to be.</summary>
internal enum RecordShape
{
    /// <summary>None of the shapes below.</summary>
    Unknown,

    /// <summary>A CloudTrail record (<c>eventTime</c>, <c>eventName</c>, …).</summary>
    Record,

    /// <summary>An EventBridge event whose <c>detail</c> holds the CloudTrail record.</summary>
    EventBridge,

    /// <summary>An entry of <c>lookup-events</c> output whose <c>CloudTrailEvent</c> string holds the record.</summary>
    LookupEntry,

    /// <summary>An object with a <c>Records</c> or <c>Events</c> array (a whole log file inside a line).</summary>
    Container,

    /// <summary>A CloudTrail-Digest file: no records, skipped.</summary>
    Digest,
}

/// <summary>
/// The few top-level fields of one item that the reader needs for every record (coverage and the IAM
/// filter). Strings are kept as byte ranges so that the millions of non-IAM records allocate nothing.
/// </summary>
internal struct RecordSummary
{
    public bool HasEventFields;
    public bool HasDigestKeys;
    public bool HasContainerArray;
    public bool HasDetailType;
    public bool HasCloudTrailEventKey;
    public DateTimeOffset? EventTime;
    public string? UnreadableEventTime;
    public ByteRange Region;
    public string? EscapedRegion;
    public ByteRange Account;
    public string? EscapedAccount;
    public ByteRange EnvelopeRegion;
    public ByteRange EnvelopeAccount;
    public bool IsIam;
    public bool? ReadOnly;
    public ByteRange Detail;
    public ByteRange CloudTrailEventToken;

    public readonly RecordShape Shape
    {
        get
        {
            if (HasCloudTrailEventKey)
            {
                return RecordShape.LookupEntry;
            }

            if (!Detail.IsEmpty && (HasDetailType || !HasEventFields))
            {
                return RecordShape.EventBridge;
            }

            if (HasEventFields)
            {
                return RecordShape.Record;
            }

            if (HasContainerArray)
            {
                return RecordShape.Container;
            }

            return HasDigestKeys ? RecordShape.Digest : RecordShape.Unknown;
        }
    }
}
