using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>What <see cref="RecordScanner.Next"/> found.</summary>
internal enum ScanStatus
{
    /// <summary>An item (a record or a wrapper of one) is available: see <see cref="RecordScanner.CurrentBytes"/>.</summary>
    Item,

    /// <summary>Call <see cref="RecordScanner.FillAsync"/>, then <see cref="RecordScanner.Next"/> again.</summary>
    NeedMoreData,

    /// <summary>Nothing more in this log object.</summary>
    End,
}

/// <summary>
/// Splits one decoded log object into items without loading it whole: the elements of a
/// <c>{"Records":[…]}</c> or <c>{"Events":[…]}</c> wrapper or of a bare array, or the top-level values
/// of JSON Lines. Only the bytes of the item being read are buffered (the buffer grows to the largest
/// record, bounded by <c>maxRecordBytes</c>). A malformed item is reported with its position and
/// skipped: in JSON Lines the scanner resumes at the next line, inside an array at the next element
/// that parses as a record. A file that ends inside a record is reported as truncated and what came
/// before it is kept.
/// </summary>
/// <remarks>
/// Readers always run with <c>isFinalBlock: false</c>, even at the end of the data: items are objects,
/// which end with <c>}</c>, so an item cut by the end of a file reads as incomplete (a truncated file)
/// rather than as a syntax error.
/// <see cref="Utf8JsonReader"/> is a ref struct and cannot live across the awaits of a refill, so each
/// step re-creates a reader over the unread bytes and commits its position only when the step
/// completes; a step that runs out of data returns <see cref="ScanStatus.NeedMoreData"/> and is
/// repeated after <see cref="FillAsync"/>. Only the few items that straddle a refill are scanned twice.
/// </remarks>
internal sealed class RecordScanner : IDisposable
{
    public const int DefaultMaxRecordBytes = 64 * 1024 * 1024;
    private const int InitialBufferSize = 1024 * 1024;
    private const int MaxDiagnosticsPerSource = 20;

    private readonly Stream? _stream;
    private readonly string _source;
    private readonly int _maxRecordBytes;
    private readonly Action<CloudTrailDiagnostic> _report;
    private readonly JsonReaderOptions _readerOptions;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private bool _eof;
    private long _bufferStart;
    private long _linesBeforeBuffer;
    private int _lineScanPos;
    private long _linesBeforeScanPos;
    private State _state = State.TopValue;
    private State _afterArray;
    private long _index;
    private bool _sawContent;
    private int _diagnostics;
    private int _suppressed;
    private int _currentStart;
    private int _currentLength;
    private long _currentIndex;
    private bool _pooled;
    private readonly long _maxInputBytes = long.MaxValue;

    public RecordScanner(Stream stream, string source, int maxRecordBytes, Action<CloudTrailDiagnostic> report, int maxDepth = CloudTrailReaderOptions.DefaultMaxDepth, long maxInputBytes = long.MaxValue)
    {
        _readerOptions = new JsonReaderOptions { MaxDepth = maxDepth };
        _maxInputBytes = maxInputBytes;
        _stream = stream;
        _source = source;
        _maxRecordBytes = maxRecordBytes;
        _report = report;
        // Pooled: a month of logs is thousands of files, and a fresh 1 MiB buffer per file would be
        // thousands of large-object-heap allocations.
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, Math.Max(4096, maxRecordBytes)));
        _pooled = true;
    }

    /// <summary>Creates a scanner over bytes already in memory (a container found inside a record).</summary>
    private RecordScanner(byte[] bytes, string source, long byteOffset, long line, Action<CloudTrailDiagnostic> report, JsonReaderOptions readerOptions)
    {
        _readerOptions = readerOptions;
        _source = source;
        _maxRecordBytes = int.MaxValue;
        _report = report;
        _buffer = bytes;
        _end = bytes.Length;
        _eof = true;
        _bufferStart = byteOffset;
        _linesBeforeBuffer = line - 1;
        _linesBeforeScanPos = line - 1;
    }

    private enum State
    {
        TopValue,
        ArrayItem,
        ArrayAfterItem,
        WrapperProperty,
        WrapperAfterValue,
        ResyncLine,
        ResyncArray,
        Done,
    }

    /// <summary>The bytes of the current item; valid until the next call to <see cref="Next"/> or <see cref="FillAsync"/>.</summary>
    public ReadOnlyMemory<byte> CurrentBytes => _buffer.AsMemory(_currentStart, _currentLength);

    /// <summary>The top-level fields of the current item.</summary>
    public RecordSummary CurrentSummary { get; private set; }

    /// <summary>Creates a scanner for a <c>Records</c>/<c>Events</c> container found inside an item of this scanner.</summary>
    public RecordScanner CreateNested(ReadOnlySpan<byte> item, long byteOffset, long line) =>
        new(item.ToArray(), _source, byteOffset, line, _report, _readerOptions);

    /// <summary>The position of the current item (computes its line, so call it only when needed).</summary>
    public CloudTrailPosition CurrentPosition() =>
        new(_source, LineAt(_currentStart), _bufferStart + _currentStart, _currentIndex);

    /// <summary>The size of the buffer (it grows only to hold the largest record).</summary>
    public int BufferCapacity => _buffer.Length;

    /// <summary>Decoded bytes read so far.</summary>
    public long BytesRead => _bufferStart + _end;

    /// <summary>The absolute offset of the current item's first byte.</summary>
    public long CurrentByteOffset => _bufferStart + _currentStart;

    /// <summary>The line of the current item's first byte.</summary>
    public long CurrentLine => LineAt(_currentStart);

    /// <summary>Reports a problem with the current item (at most a few per log object are listed).</summary>
    public void ReportCurrent(CloudTrailDiagnosticSeverity severity, string message) =>
        Report(severity, _currentStart, _currentIndex, message);

    /// <summary>Finds the next item.</summary>
    public ScanStatus Next()
    {
        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    return ScanStatus.End;

                case State.TopValue:
                {
                    if (!SkipWhitespace())
                    {
                        if (!_eof)
                        {
                            return ScanStatus.NeedMoreData;
                        }

                        if (!_sawContent)
                        {
                            Report(CloudTrailDiagnosticSeverity.Info, _pos, null, "the file is empty; it holds no records");
                        }

                        return Finish();
                    }

                    var first = _buffer[_pos];
                    if (first == (byte)'[')
                    {
                        _sawContent = true;
                        _pos++;
                        EnterArray(State.TopValue);
                        continue;
                    }

                    if (first == (byte)'{')
                    {
                        _sawContent = true;
                        var wrapper = PeekWrapper();
                        if (wrapper is null)
                        {
                            return ScanStatus.NeedMoreData;
                        }

                        if (wrapper.Value)
                        {
                            _pos++;
                            _state = State.WrapperProperty;
                            continue;
                        }

                        if (TryReadItem(inArray: false, out var status))
                        {
                            return status;
                        }

                        continue;
                    }

                    if (!_sawContent)
                    {
                        Report(CloudTrailDiagnosticSeverity.Warning, _pos, null, $"not a CloudTrail log: expected JSON ('{{' or '['), found {DescribeByte(first)}; the file was skipped");
                        return Finish();
                    }

                    Report(CloudTrailDiagnosticSeverity.Warning, _pos, _index, $"expected a JSON object, found {DescribeByte(first)}; the rest of the line was skipped");
                    _index++;
                    _state = State.ResyncLine;
                    continue;
                }

                case State.ArrayItem:
                {
                    if (!SkipWhitespace())
                    {
                        return _eof ? Truncated("the file ends inside an array (no closing ']'); it may be truncated") : ScanStatus.NeedMoreData;
                    }

                    if (_buffer[_pos] == (byte)']')
                    {
                        _pos++;
                        _state = _afterArray;
                        continue;
                    }

                    if (TryReadItem(inArray: true, out var status))
                    {
                        return status;
                    }

                    continue;
                }

                case State.ArrayAfterItem:
                {
                    if (!SkipWhitespace())
                    {
                        return _eof ? Truncated("the file ends inside an array (no closing ']'); it may be truncated") : ScanStatus.NeedMoreData;
                    }

                    var next = _buffer[_pos];
                    if (next == (byte)',')
                    {
                        _pos++;
                        _state = State.ArrayItem;
                    }
                    else if (next == (byte)']')
                    {
                        _pos++;
                        _state = _afterArray;
                    }
                    else
                    {
                        Report(CloudTrailDiagnosticSeverity.Warning, _pos, _index, $"expected ',' or ']' after a record, found {DescribeByte(next)}; skipped to the next record");
                        _state = State.ResyncArray;
                    }

                    continue;
                }

                case State.WrapperProperty:
                {
                    var step = ReadWrapperProperty();
                    if (step is { } pending)
                    {
                        return pending;
                    }

                    continue;
                }

                case State.WrapperAfterValue:
                {
                    if (!SkipWhitespace())
                    {
                        return _eof ? Truncated("the file ends inside its top-level object (no closing '}'); it may be truncated") : ScanStatus.NeedMoreData;
                    }

                    var next = _buffer[_pos];
                    if (next == (byte)',')
                    {
                        _pos++;
                        _state = State.WrapperProperty;
                    }
                    else if (next == (byte)'}')
                    {
                        _pos++;
                        _state = State.TopValue;
                    }
                    else
                    {
                        Report(CloudTrailDiagnosticSeverity.Warning, _pos, null, $"expected ',' or '}}' in the top-level object, found {DescribeByte(next)}; the rest of the file was skipped");
                        return Finish();
                    }

                    continue;
                }

                case State.ResyncLine:
                {
                    var newline = _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        _pos = _end;
                        if (_eof)
                        {
                            return Finish();
                        }

                        return ScanStatus.NeedMoreData;
                    }

                    _pos += newline + 1;
                    _state = State.TopValue;
                    continue;
                }

                case State.ResyncArray:
                {
                    if (Resync() is { } pending)
                    {
                        return pending;
                    }

                    continue;
                }

                default:
                    throw new InvalidOperationException("unknown scanner state " + _state);
            }
        }
    }

    /// <summary>Reads more of the log object into the buffer (after <see cref="ScanStatus.NeedMoreData"/>).</summary>
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_eof || _stream is null)
        {
            _eof = true;
            return;
        }

        Compact();
        if (_end == _buffer.Length)
        {
            var limit = Math.Max(_maxRecordBytes, InitialBufferSize);
            if (_buffer.Length >= limit)
            {
                // The item is at the size limit: Next() reports it as too large and moves on.
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, limit));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ReturnBuffer();
            _buffer = larger;
            _pooled = true;
        }

        while (_end < _buffer.Length)
        {
            // Never read past the input limit: what was read up to it is scanned as the end of the log, so the
            // complete records before the limit are kept (a decompression bomb costs at most the limit).
            var allowed = _maxInputBytes - (_bufferStart + _end);
            if (allowed <= 0)
            {
                LimitReached = await HasMoreAsync(cancellationToken).ConfigureAwait(false);
                _eof = true;
                return;
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end, (int)Math.Min(_buffer.Length - _end, allowed)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                // Corrupt or cut gzip data: keep what was decoded before the damage.
                Report(CloudTrailDiagnosticSeverity.Warning, _end, null, $"the data could not be read past this point ({ex.Message.TrimEnd('.')}); the records before it were kept");
                _eof = true;
                return;
            }

            if (read == 0)
            {
                _eof = true;
                return;
            }

            _end += read;
        }
    }

    /// <summary>True when the log goes on past the input limit, which the scanner did not read.</summary>
    public bool LimitReached { get; private set; }

    private async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        try
        {
            return await _stream!.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // Damage after the limit is beyond what was read: the limit is what stopped the read.
            return true;
        }
    }

    /// <summary>Returns the pooled buffer; the scanner must not be used afterwards.</summary>
    public void Dispose()
    {
        ReturnBuffer();
        _buffer = [];
        _pos = _end = 0;
        _state = State.Done;
    }

    private void ReturnBuffer()
    {
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _pooled = false;
        }
    }

    private static string DescribeByte(byte value) => value switch
    {
        >= 0x21 and < 0x7F => $"'{(char)value}'",
        _ => "byte 0x" + value.ToString("X2", CultureInfo.InvariantCulture),
    };

    private void EnterArray(State after)
    {
        _afterArray = after;
        _index = 0;
        _state = State.ArrayItem;
    }

    /// <summary>Reads the item at <see cref="_pos"/>; returns true when the caller should return <paramref name="status"/>.</summary>
    private bool TryReadItem(bool inArray, out ScanStatus status)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, _end - _pos), isFinalBlock: false, new JsonReaderState(_readerOptions));
        var summary = default(RecordSummary);
        bool complete;
        try
        {
            complete = RecordClassifier.TryScan(ref reader, ref summary);
        }
        catch (JsonException ex)
        {
            var errorLine = LineAt(_pos) + (ex.LineNumber ?? 0);
            Report(
                CloudTrailDiagnosticSeverity.Warning,
                _pos,
                _index,
                $"the record is not valid JSON (line {errorLine.ToString(CultureInfo.InvariantCulture)}, near byte {(_bufferStart + _pos + reader.BytesConsumed).ToString(CultureInfo.InvariantCulture)}: {TrimJsonMessage(ex.Message)}); it was skipped");
            _index++;
            if (inArray)
            {
                _pos++;
                _state = State.ResyncArray;
            }
            else
            {
                _state = State.ResyncLine;
            }

            status = default;
            return false;
        }
        catch (InvalidOperationException ex)
        {
            Report(CloudTrailDiagnosticSeverity.Warning, _pos, _index, ex.Message + "; it was skipped");
            _index++;
            _pos += (int)reader.BytesConsumed;
            _state = inArray ? State.ArrayAfterItem : State.TopValue;
            status = default;
            return false;
        }

        if (!complete)
        {
            if (_eof)
            {
                Report(CloudTrailDiagnosticSeverity.Warning, _pos, _index, "the file ends inside this record (truncated?); the records before it were kept");
                status = Finish();
                return true;
            }

            if (_end - _pos >= _maxRecordBytes)
            {
                Report(
                    CloudTrailDiagnosticSeverity.Warning,
                    _pos,
                    _index,
                    $"the record does not end within {_maxRecordBytes.ToString(CultureInfo.InvariantCulture)} bytes (unbalanced brackets?); skipped to the next record");
                _index++;
                if (inArray)
                {
                    _pos++;
                    _state = State.ResyncArray;
                }
                else
                {
                    _state = State.ResyncLine;
                }

                status = default;
                return false;
            }

            status = ScanStatus.NeedMoreData;
            return true;
        }

        _currentStart = _pos;
        _currentLength = (int)reader.BytesConsumed;
        _currentIndex = _index++;
        CurrentSummary = summary;
        _pos += _currentLength;
        _state = inArray ? State.ArrayAfterItem : State.TopValue;
        status = ScanStatus.Item;
        return true;
    }

    /// <summary>
    /// Decides whether the object at <see cref="_pos"/> is a wrapper (<c>{"Records":[</c> or <c>{"Events":[</c>)
    /// that is streamed element by element, or an item read whole. Null when more data is needed.
    /// </summary>
    private bool? PeekWrapper()
    {
        var i = _pos + 1;
        while (i < _end && IsWhitespace(_buffer[i]))
        {
            i++;
        }

        if (i >= _end)
        {
            return _eof ? false : null;
        }

        if (_buffer[i] != (byte)'"')
        {
            return false;
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(i, _end - i), isFinalBlock: false, default);
        try
        {
            if (!reader.Read())
            {
                return _eof ? false : null;
            }

            if (!RecordClassifier.IsContainerName(ref reader))
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        i += (int)reader.BytesConsumed;
        while (i < _end && (IsWhitespace(_buffer[i]) || _buffer[i] == (byte)':'))
        {
            i++;
        }

        if (i >= _end)
        {
            return _eof ? false : null;
        }

        return _buffer[i] == (byte)'[';
    }

    /// <summary>Reads one property of a wrapper object; returns a status to hand back, or null to continue.</summary>
    private ScanStatus? ReadWrapperProperty()
    {
        if (!SkipWhitespace())
        {
            return _eof ? Truncated("the file ends inside its top-level object (no closing '}'); it may be truncated") : ScanStatus.NeedMoreData;
        }

        var next = _buffer[_pos];
        if (next == (byte)'}')
        {
            _pos++;
            _state = State.TopValue;
            return null;
        }

        if (next != (byte)'"')
        {
            Report(CloudTrailDiagnosticSeverity.Warning, _pos, null, $"expected a property name in the top-level object, found {DescribeByte(next)}; the rest of the file was skipped");
            return Finish();
        }

        try
        {
            var nameReader = new Utf8JsonReader(_buffer.AsSpan(_pos, _end - _pos), isFinalBlock: false, default);
            if (!nameReader.Read())
            {
                return _eof ? Truncated("the file ends inside its top-level object; it may be truncated") : ScanStatus.NeedMoreData;
            }

            var isContainer = RecordClassifier.IsContainerName(ref nameReader);
            var i = _pos + (int)nameReader.BytesConsumed;
            while (i < _end && IsWhitespace(_buffer[i]))
            {
                i++;
            }

            if (i < _end && _buffer[i] != (byte)':')
            {
                Report(CloudTrailDiagnosticSeverity.Warning, i, null, $"expected ':' after a property name, found {DescribeByte(_buffer[i])}; the rest of the file was skipped");
                return Finish();
            }

            i++;
            while (i < _end && IsWhitespace(_buffer[i]))
            {
                i++;
            }

            if (i >= _end)
            {
                return _eof ? Truncated("the file ends inside its top-level object; it may be truncated") : ScanStatus.NeedMoreData;
            }

            if (isContainer && _buffer[i] == (byte)'[')
            {
                _pos = i + 1;
                EnterArray(State.WrapperAfterValue);
                return null;
            }

            // Another member of the wrapper (lookup-events' NextToken, for example): skip its value.
            var valueReader = new Utf8JsonReader(_buffer.AsSpan(i, _end - i), isFinalBlock: false, new JsonReaderState(_readerOptions));
            if (!valueReader.Read() || !valueReader.TrySkip())
            {
                return _eof ? Truncated("the file ends inside its top-level object; it may be truncated") : ScanStatus.NeedMoreData;
            }

            _pos = i + (int)valueReader.BytesConsumed;
            _state = State.WrapperAfterValue;
            return null;
        }
        catch (JsonException ex)
        {
            Report(CloudTrailDiagnosticSeverity.Warning, _pos, null, $"the top-level object is not valid JSON ({TrimJsonMessage(ex.Message)}); the rest of the file was skipped");
            return Finish();
        }
    }

    /// <summary>
    /// After a malformed element of an array: finds the next <c>,</c> followed by an object that parses
    /// as a record, and resumes there. Returns a status to hand back, or null to continue.
    /// </summary>
    private ScanStatus? Resync()
    {
        while (true)
        {
            var comma = _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)',');
            if (comma < 0)
            {
                _pos = _end;
                return _eof ? Finish() : ScanStatus.NeedMoreData;
            }

            var commaAt = _pos + comma;
            var candidate = commaAt + 1;
            while (candidate < _end && IsWhitespace(_buffer[candidate]))
            {
                candidate++;
            }

            if (candidate >= _end)
            {
                _pos = commaAt;
                return _eof ? Finish() : ScanStatus.NeedMoreData;
            }

            if (_buffer[candidate] != (byte)'{')
            {
                _pos = commaAt + 1;
                continue;
            }

            var reader = new Utf8JsonReader(_buffer.AsSpan(candidate, _end - candidate), isFinalBlock: false, new JsonReaderState(_readerOptions));
            var summary = default(RecordSummary);
            try
            {
                if (!RecordClassifier.TryScan(ref reader, ref summary))
                {
                    if (_eof || _end - candidate >= _maxRecordBytes)
                    {
                        _pos = commaAt + 1;
                        continue;
                    }

                    _pos = commaAt;
                    return ScanStatus.NeedMoreData;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                _pos = commaAt + 1;
                continue;
            }

            if (summary.Shape is RecordShape.Record or RecordShape.EventBridge or RecordShape.LookupEntry)
            {
                _pos = candidate;
                _state = State.ArrayItem;
                return null;
            }

            _pos = commaAt + 1;
        }
    }

    private ScanStatus Truncated(string message)
    {
        Report(CloudTrailDiagnosticSeverity.Warning, _pos, null, message);
        return Finish();
    }

    private ScanStatus Finish()
    {
        if (_suppressed > 0)
        {
            _report(new CloudTrailDiagnostic(
                CloudTrailDiagnosticSeverity.Warning,
                new CloudTrailPosition(_source),
                $"{_suppressed.ToString(CultureInfo.InvariantCulture)} more problems in this file were not listed"));
            _suppressed = 0;
        }

        _state = State.Done;
        return ScanStatus.End;
    }

    private bool SkipWhitespace()
    {
        while (_pos < _end && IsWhitespace(_buffer[_pos]))
        {
            _pos++;
        }

        return _pos < _end;
    }

    private static bool IsWhitespace(byte value) => value is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private void Compact()
    {
        if (_pos == 0)
        {
            return;
        }

        _linesBeforeBuffer = NewlinesBefore(_pos);
        var remaining = _end - _pos;
        Buffer.BlockCopy(_buffer, _pos, _buffer, 0, remaining);
        _bufferStart += _pos;
        _end = remaining;
        _pos = 0;
        _lineScanPos = 0;
        _linesBeforeScanPos = _linesBeforeBuffer;
    }

    /// <summary>Counts newlines before a buffer position, incrementally: positions mostly move forward.</summary>
    private long NewlinesBefore(int bufferPosition)
    {
        if (bufferPosition >= _lineScanPos)
        {
            _linesBeforeScanPos += _buffer.AsSpan(_lineScanPos, bufferPosition - _lineScanPos).Count((byte)'\n');
            _lineScanPos = bufferPosition;
            return _linesBeforeScanPos;
        }

        return _linesBeforeBuffer + _buffer.AsSpan(0, bufferPosition).Count((byte)'\n');
    }

    private long LineAt(int bufferPosition) => NewlinesBefore(bufferPosition) + 1;

    private void Report(CloudTrailDiagnosticSeverity severity, int bufferPosition, long? index, string message)
    {
        if (severity != CloudTrailDiagnosticSeverity.Info && ++_diagnostics > MaxDiagnosticsPerSource)
        {
            _suppressed++;
            return;
        }

        var position = new CloudTrailPosition(_source, LineAt(bufferPosition), _bufferStart + bufferPosition, index);
        _report(new CloudTrailDiagnostic(severity, position, message));
    }

    private static string TrimJsonMessage(string message)
    {
        // The reader's message ends with "LineNumber: 0 | BytePositionInLine: 12." relative to the
        // record, which would contradict the absolute position given instead.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
