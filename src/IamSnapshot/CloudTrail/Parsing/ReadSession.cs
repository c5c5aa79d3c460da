using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// One read of a source: opens each log object, scans it, keeps IAM write events, and accumulates
/// coverage, statistics and diagnostics. Not thread-safe; one per read.
/// </summary>
internal sealed class ReadSession
{
    private const int MaxNesting = 4;

    private readonly CloudTrailReaderOptions _options;
    private readonly List<CloudTrailDiagnostic> _diagnostics = [];
    private readonly Utf8StringCache _strings = new();
    private readonly List<CloudTrailEvent> _pending = [];
    private long _logObjects;
    private long _digestFiles;
    private long _records;
    private long _iamRecords;
    private long _iamWriteEvents;
    private long _bytes;

    private readonly JsonReaderOptions _readerOptions;

    public ReadSession(CloudTrailReaderOptions options)
    {
        _options = options;
        _readerOptions = new JsonReaderOptions { MaxDepth = options.MaxDepth };
    }

    public CoverageBuilder Coverage { get; } = new();

    public IReadOnlyList<CloudTrailDiagnostic> Diagnostics => _diagnostics;

    public CloudTrailReadStatistics Statistics(long duplicates) => new()
    {
        LogObjects = _logObjects,
        DigestFiles = _digestFiles,
        Records = _records,
        IamRecords = _iamRecords,
        IamWriteEvents = _iamWriteEvents,
        DuplicateEvents = duplicates,
        Bytes = _bytes,
    };

    public async IAsyncEnumerable<CloudTrailEvent> ReadAsync(ICloudTrailLogSource source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var logObject in source.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            var stream = await OpenAsync(logObject, cancellationToken).ConfigureAwait(false);
            if (stream is null)
            {
                continue;
            }

            _logObjects++;
            await using (stream.ConfigureAwait(false))
            {
                using var scanner = new RecordScanner(stream, logObject.Name, _options.MaxRecordBytes, Report, _options.MaxDepth, _options.MaxInputBytes);
                while (true)
                {
                    var status = Drain(scanner, depth: 0);
                    foreach (var found in _pending)
                    {
                        yield return found;
                    }

                    _pending.Clear();
                    if (status == ScanStatus.End)
                    {
                        break;
                    }

                    await scanner.FillAsync(cancellationToken).ConfigureAwait(false);
                }

                if (scanner.LimitReached)
                {
                    Report(new CloudTrailDiagnostic(
                        CloudTrailDiagnosticSeverity.Error,
                        new CloudTrailPosition(logObject.Name, ByteOffset: _options.MaxInputBytes),
                        string.Create(CultureInfo.InvariantCulture, $"the log is larger than {_options.MaxInputBytes:N0} bytes once decompressed (CloudTrailReaderOptions.MaxInputBytes); the rest of it was not read and the records before it were kept")));
                }

                _bytes += scanner.BytesRead;
            }
        }
    }

    private async ValueTask<Stream?> OpenAsync(CloudTrailLogObject logObject, CancellationToken cancellationToken)
    {
        Stream? raw = null;
        try
        {
            raw = await logObject.OpenAsync(cancellationToken).ConfigureAwait(false);
            var (decoded, _) = await LogStreamDecoder.OpenAsync(raw, cancellationToken).ConfigureAwait(false);
            return decoded;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException)
        {
            if (raw is not null)
            {
                await raw.DisposeAsync().ConfigureAwait(false);
            }

            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "the file does not exist",
                UnauthorizedAccessException => "access was denied",
                _ => ex.Message.TrimEnd('.'),
            };
            Report(new CloudTrailDiagnostic(CloudTrailDiagnosticSeverity.Error, new CloudTrailPosition(logObject.Name), $"the log could not be read: {reason}"));
            return null;
        }
    }

    private ScanStatus Drain(RecordScanner scanner, int depth)
    {
        while (true)
        {
            var status = scanner.Next();
            if (status != ScanStatus.Item)
            {
                return status;
            }

            Handle(scanner, scanner.CurrentBytes, scanner.CurrentSummary, default, depth);
        }
    }

    private void Handle(RecordScanner scanner, ReadOnlyMemory<byte> bytes, RecordSummary summary, RecordDefaults defaults, int depth)
    {
        switch (summary.Shape)
        {
            case RecordShape.Record:
                HandleRecord(scanner, bytes, summary, defaults);
                return;

            case RecordShape.EventBridge:
                var envelope = new RecordDefaults(Text(bytes.Span, summary.EnvelopeAccount, null), Text(bytes.Span, summary.EnvelopeRegion, null));
                HandleNested(scanner, bytes.Slice(summary.Detail.Start, summary.Detail.Length), envelope, depth, "the EventBridge event's detail");
                return;

            case RecordShape.LookupEntry:
                HandleLookupEntry(scanner, bytes, summary, depth);
                return;

            case RecordShape.Container when depth < MaxNesting:
                using (var nested = scanner.CreateNested(bytes.Span, scanner.CurrentByteOffset, scanner.CurrentLine))
                {
                    while (nested.Next() == ScanStatus.Item)
                    {
                        Handle(nested, nested.CurrentBytes, nested.CurrentSummary, defaults, depth + 1);
                    }
                }

                return;

            case RecordShape.Digest:
                _digestFiles++;
                return;

            default:
                scanner.ReportCurrent(CloudTrailDiagnosticSeverity.Warning, "not a CloudTrail record (no eventTime, eventName or eventSource); it was skipped");
                return;
        }
    }

    private void HandleLookupEntry(RecordScanner scanner, ReadOnlyMemory<byte> bytes, RecordSummary summary, int depth)
    {
        if (summary.CloudTrailEventToken.IsEmpty)
        {
            scanner.ReportCurrent(CloudTrailDiagnosticSeverity.Warning, "the lookup-events entry has no CloudTrailEvent JSON string; it was skipped");
            return;
        }

        // CloudTrailEvent holds the record as an escaped JSON string: unescape it into UTF-8 bytes.
        var token = bytes.Span.Slice(summary.CloudTrailEventToken.Start, summary.CloudTrailEventToken.Length);
        var rented = ArrayPool<byte>.Shared.Rent(token.Length);
        try
        {
            int length;
            try
            {
                var reader = new Utf8JsonReader(token);
                reader.Read();
                length = reader.CopyString(rented);
            }
            catch (InvalidOperationException ex)
            {
                scanner.ReportCurrent(CloudTrailDiagnosticSeverity.Warning, $"the lookup-events entry's CloudTrailEvent string cannot be unescaped ({ex.Message.TrimEnd('.')}); it was skipped");
                return;
            }

            HandleNested(scanner, rented.AsMemory(0, length), default, depth, "the lookup-events entry's CloudTrailEvent");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void HandleNested(RecordScanner scanner, ReadOnlyMemory<byte> inner, RecordDefaults defaults, int depth, string what)
    {
        if (depth >= MaxNesting)
        {
            scanner.ReportCurrent(CloudTrailDiagnosticSeverity.Warning, $"{what} nests records too deeply; it was skipped");
            return;
        }

        var reader = new Utf8JsonReader(inner.Span, isFinalBlock: true, new JsonReaderState(_readerOptions));
        var summary = default(RecordSummary);
        try
        {
            if (!RecordClassifier.TryScan(ref reader, ref summary))
            {
                scanner.ReportCurrent(CloudTrailDiagnosticSeverity.Warning, $"{what} ends early; it was skipped");
                return;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            scanner.ReportCurrent(CloudTrailDiagnosticSeverity.Warning, $"{what} is not a JSON record ({ex.Message.TrimEnd('.')}); it was skipped");
            return;
        }

        Handle(scanner, inner[..(int)reader.BytesConsumed], summary, defaults, depth + 1);
    }

    private void HandleRecord(RecordScanner scanner, ReadOnlyMemory<byte> bytes, RecordSummary summary, RecordDefaults defaults)
    {
        _records++;
        if (summary.IsIam)
        {
            _iamRecords++;
        }

        if (summary.EventTime is not { } eventTime)
        {
            var found = summary.UnreadableEventTime is { } bad ? $"'{bad}'" : "none";
            scanner.ReportCurrent(CloudTrailDiagnosticSeverity.Warning, $"the record has no readable eventTime (found {found}); it was skipped");
            return;
        }

        var span = bytes.Span;
        var account = Text(span, summary.Account, summary.EscapedAccount) ?? defaults.Account ?? "unknown";
        var region = Text(span, summary.Region, summary.EscapedRegion) ?? defaults.Region ?? "unknown";
        Coverage.Add(account, region, eventTime, summary.IsIam);

        if (!summary.IsIam || summary.ReadOnly == true)
        {
            return;
        }

        CloudTrailEvent? parsed;
        try
        {
            parsed = IamRecordParser.Parse(bytes, eventTime, defaults, scanner.CurrentPosition(), Report, _options.MaxDepth);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string of the record is not valid UTF-8 or escapes a lone surrogate.
            scanner.ReportCurrent(CloudTrailDiagnosticSeverity.Warning, $"the IAM record could not be read ({ex.Message.TrimEnd('.')}); it was skipped");
            return;
        }

        if (parsed is not null)
        {
            _iamWriteEvents++;
            _pending.Add(parsed);
        }
    }

    private string? Text(ReadOnlySpan<byte> item, ByteRange range, string? escaped)
    {
        if (escaped is not null)
        {
            return _strings.Intern(escaped);
        }

        return range.IsEmpty ? null : _strings.Get(item.Slice(range.Start, range.Length));
    }

    private void Report(CloudTrailDiagnostic diagnostic)
    {
        _diagnostics.Add(diagnostic);
        _options.OnDiagnostic?.Invoke(diagnostic);
    }
}
