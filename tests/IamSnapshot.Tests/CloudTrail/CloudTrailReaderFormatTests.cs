using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;
using IamSnapshot.CloudTrail.Parsing;
using static IamSnapshot.Tests.CloudTrail.CloudTrailTestData;

namespace IamSnapshot.Tests.CloudTrail;

public class CloudTrailReaderFormatTests
{
    /// <summary>What must survive any change of container or encoding: the same events with the same changes.</summary>
    private static async Task<List<string>> SignatureOf(CloudTrailLog log)
    {
        await Task.CompletedTask;
        return [.. log.Events.Concat(log.FailedEvents).Select(e => $"{e.EventId} {e.EventName} {e.EventTime:O} {e.Actor.Id} {string.Join(" | ", e.Changes)}").Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> ExpectedSignatureAsync(params string[] files) => await SignatureOf(await LoadRealAsync(files));

    [Fact]
    public async Task LoadAsync_GzipDetectedByMagicBytes_WhateverTheExtension()
    {
        using var temp = new TempFolder();
        var plain = File.ReadAllBytes(PathOf(Invictus6Cic));
        var gzipNamedJson = temp.Write("a.json", Gzip(plain));
        var plainNamedGz = temp.Write("b.json.gz", plain);

        var fromGzip = await LoadAsync(gzipNamedJson);
        var fromPlain = await LoadAsync(plainNamedGz);

        fromGzip.Diagnostics.Should().BeEmpty();
        fromPlain.Diagnostics.Should().BeEmpty();
        var expected = await ExpectedSignatureAsync(Invictus6Cic);
        (await SignatureOf(fromGzip)).Should().Equal(expected);
        (await SignatureOf(fromPlain)).Should().Equal(expected);
    }

    [Fact]
    public async Task LoadAsync_S3DeliveryLayoutFolder_ReadsRecursivelyAndSkipsDigestAndHiddenFiles()
    {
        using var temp = new TempFolder();
        const string prefix = "AWSLogs/111122223333/CloudTrail/us-east-1/2023/07/10/";
        temp.Write(prefix + "111122223333_CloudTrail_us-east-1_20230710T1210Z_6CICdbJQM3beT7n3.json.gz", Gzip(File.ReadAllBytes(PathOf(Invictus6Cic))));
        temp.Write(prefix + "111122223333_CloudTrail_us-east-1_20230710T1230Z_9SJSsrxJ0ChF5VFb.json.gz", Gzip(File.ReadAllBytes(PathOf(Invictus9Sjs))));
        temp.Write(prefix + "111122223333_CloudTrail_us-east-1_20230710T1230Z_ZtUNbBkwAu98FPZb.json.gz", Gzip(File.ReadAllBytes(PathOf(InvictusZtun))));
        temp.Write("AWSLogs/555544443333/CloudTrail/sagov-west-2r/2024/08/01/555544443333_CloudTrail_sagov-west-2r_20240801T1340Z_x.json.gz", Gzip(File.ReadAllBytes(PathOf(Stratus))));
        var digest = """
            {"awsAccountId":"111122223333","digestStartTime":"2023-07-10T11:30:00Z","digestEndTime":"2023-07-10T12:30:00Z",
             "digestS3Bucket":"trail-bucket","digestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/07/10/d.json.gz",
             "digestPublicKeyFingerprint":"0123456789abcdef","digestSignatureAlgorithm":"SHA256withRSA",
             "newestEventTime":"2023-07-10T12:29:48Z","oldestEventTime":"2023-07-10T12:02:54Z",
             "previousDigestS3Bucket":null,"previousDigestS3Object":null,"previousDigestHashValue":null,"previousDigestHashAlgorithm":null,"previousDigestSignature":null,
             "logFiles":[{"s3Bucket":"trail-bucket","s3Object":"AWSLogs/111122223333/CloudTrail/us-east-1/2023/07/10/x.json.gz","hashValue":"00","hashAlgorithm":"SHA-256","newestEventTime":"2023-07-10T12:29:48Z","oldestEventTime":"2023-07-10T12:02:54Z"}]}
            """;
        temp.Write("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/07/10/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20230710T123000Z.json.gz", Gzip(Encoding.UTF8.GetBytes(digest)));
        temp.Write(prefix + ".DS_Store", [0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]);

        var log = await LoadAsync(temp.Path);

        log.Diagnostics.Should().BeEmpty();
        log.Statistics.LogObjects.Should().Be(5);
        log.Statistics.DigestFiles.Should().Be(1);
        log.Statistics.Records.Should().Be(246 + 84 + 68 + 2);
        (await SignatureOf(log)).Should().Equal(await ExpectedSignatureAsync(AllFiles));
        log.Coverage.Ranges.Select(r => (r.AccountId, r.Region)).Should().Equal(("111122223333", "us-east-1"), ("555544443333", "sagov-west-2r"));
    }

    [Fact]
    public async Task LoadAsync_JsonLines_GivesTheSameEventsAsTheDeliveredFile()
    {
        var lines = string.Join("\n", Records(InvictusZtun).Select(Compact)) + "\n";

        var log = await LoadBytesAsync("export.jsonl", Encoding.UTF8.GetBytes(lines));

        log.Diagnostics.Should().BeEmpty();
        log.Statistics.Records.Should().Be(68);
        (await SignatureOf(log)).Should().Equal(await ExpectedSignatureAsync(InvictusZtun));
        log.Events.Should().OnlyContain(e => e.Position.Line >= 1 && e.Position.RecordIndex == e.Position.Line - 1);
    }

    [Fact]
    public async Task LoadAsync_AthenaStyleLines_LowerCaseKeysAndJsonTextParameters_AreRead()
    {
        // Athena's CloudTrail table lower-cases column names and keeps requestParameters/responseElements as JSON text.
        var lines = Records(InvictusZtun).Select(record =>
        {
            var row = new JsonObject();
            foreach (var (key, value) in record)
            {
                var copy = value?.DeepClone();
                if (key is "requestParameters" or "responseElements" && copy is JsonObject parameters)
                {
                    copy = JsonValue.Create(Compact(parameters));
                }

                row[key.ToLowerInvariant()] = copy;
            }

            return Compact(row);
        });

        var log = await LoadBytesAsync("athena.json", Encoding.UTF8.GetBytes(string.Join("\n", lines)));

        log.Diagnostics.Should().BeEmpty();
        (await SignatureOf(log)).Should().Equal(await ExpectedSignatureAsync(InvictusZtun));
    }

    [Fact]
    public async Task LoadAsync_LookupEventsOutput_ReadsTheCloudTrailEventStrings()
    {
        var entries = new JsonArray();
        foreach (var record in Records(Invictus9Sjs))
        {
            entries.Add(new JsonObject
            {
                ["EventId"] = record["eventID"]!.DeepClone(),
                ["EventName"] = record["eventName"]!.DeepClone(),
                ["ReadOnly"] = record["readOnly"]?.ToString() ?? "false",
                ["AccessKeyId"] = record["userIdentity"]?["accessKeyId"]?.DeepClone(),
                ["EventTime"] = record["eventTime"]!.DeepClone(),
                ["EventSource"] = record["eventSource"]!.DeepClone(),
                ["Username"] = record["userIdentity"]?["userName"]?.DeepClone(),
                ["Resources"] = new JsonArray(),
                ["CloudTrailEvent"] = Compact(record),
            });
        }

        var output = new JsonObject { ["Events"] = entries, ["NextToken"] = "eyJ0b2tlbiI6IDF9" };
        var log = await LoadBytesAsync("lookup-events.json", Encoding.UTF8.GetBytes(output.ToJsonString(new() { WriteIndented = true })));

        log.Diagnostics.Should().BeEmpty();
        log.Statistics.Records.Should().Be(84);
        (await SignatureOf(log)).Should().Equal(await ExpectedSignatureAsync(Invictus9Sjs));
    }

    [Fact]
    public async Task LoadAsync_LookupEntryWithNullCloudTrailEvent_IsReportedAndSkipped()
    {
        var record = Records(Stratus)[1];
        var json = $$"""{"Events":[{"EventId":"x","EventName":"CreateRole","CloudTrailEvent":null},{"EventId":"y","CloudTrailEvent":{{System.Text.Json.JsonSerializer.Serialize(Compact(record))}}}]}""";

        var log = await LoadBytesAsync("lookup.json", Encoding.UTF8.GetBytes(json));

        log.Events.Should().ContainSingle().Which.EventName.Should().Be("CreateRole");
        log.Diagnostics.Should().ContainSingle().Which.Should().Match<CloudTrailDiagnostic>(d =>
            d.Message.Contains("no CloudTrailEvent") && d.Position.RecordIndex == 0 && d.Position.Source == "lookup.json");
    }

    [Fact]
    public async Task LoadAsync_EventBridgeEvents_ReadsTheRecordUnderDetail()
    {
        var envelopes = Records(InvictusZtun).Select(record => Compact(new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["source"] = "aws." + ((string)record["eventSource"]!).Split('.')[0],
            ["account"] = "111122223333",
            ["time"] = record["eventTime"]!.DeepClone(),
            ["region"] = record["awsRegion"]!.DeepClone(),
            ["resources"] = new JsonArray(),
            ["detail"] = record.DeepClone(),
        }));

        var log = await LoadBytesAsync("eventbridge.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", envelopes)));

        log.Diagnostics.Should().BeEmpty();
        (await SignatureOf(log)).Should().Equal(await ExpectedSignatureAsync(InvictusZtun));
    }

    [Fact]
    public async Task LoadAsync_EventBridgeDetailWithoutAccount_TakesTheEnvelopeAccountAndRegion()
    {
        var record = (JsonObject)Records(Stratus)[1].DeepClone();
        record.Remove("recipientAccountId");
        record.Remove("awsRegion");
        var envelope = new JsonObject
        {
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["account"] = "444455556666",
            ["region"] = "us-east-1",
            ["detail"] = record,
        };

        var log = await LoadBytesAsync("single-event.json", Encoding.UTF8.GetBytes(Compact(envelope)));

        log.Events.Should().ContainSingle().Which.Should().Match<CloudTrailEvent>(e => e.AccountId == "444455556666" && e.Region == "us-east-1");
        log.Coverage.Ranges.Should().ContainSingle().Which.AccountId.Should().Be("444455556666");
    }

    public static TheoryData<string> Encodings => new() { "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "utf-16le-bom+gzip", "utf-32le-bom" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task LoadAsync_ByteOrderMarksAndUtf16_AreDecoded(string variant)
    {
        var text = File.ReadAllText(PathOf(Stratus));
        byte[] bytes = variant switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "utf-16le-bom+gzip" => Gzip([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]),
            "utf-32le-bom" => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

        var log = await LoadBytesAsync("powershell-redirect.json", bytes);

        log.Diagnostics.Should().BeEmpty();
        (await SignatureOf(log)).Should().Equal(await ExpectedSignatureAsync(Stratus));
    }

    [Fact]
    public async Task LoadAsync_MalformedJsonLine_IsReportedWithLineAndTheRestIsRead()
    {
        var records = Records(InvictusZtun);
        var lines = records.Select(Compact).ToList();
        var broken = records.FindIndex(r => (string?)r["eventName"] == "CreateAccessKey");
        lines[broken] = lines[broken][..(lines[broken].Length / 2)];

        var log = await LoadBytesAsync("broken.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", lines)));

        var diagnostic = log.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Severity.Should().Be(CloudTrailDiagnosticSeverity.Warning);
        diagnostic.Position.Source.Should().Be("broken.jsonl");
        diagnostic.Position.Line.Should().Be(broken + 1);
        diagnostic.Position.RecordIndex.Should().Be(broken);
        diagnostic.Message.Should().Contain("not valid JSON");
        log.Statistics.Records.Should().Be(records.Count - 1);
        log.Events.Should().HaveCount(11, "one of the 12 IAM writes was on the broken line");
        log.Events.Should().ContainSingle(e => e.EventName == "CreateAccessKey");
    }

    [Fact]
    public async Task LoadAsync_MalformedRecordInsideMinifiedRecordsArray_IsReportedWithOffsetAndIndexAndTheRestIsRead()
    {
        var text = File.ReadAllText(PathOf(InvictusZtun));
        var records = Records(InvictusZtun);
        var target = records.FindIndex(r => (string?)r["eventName"] == "AttachUserPolicy");

        // Break the record's JSON: drop the colon after its "eventName" key.
        var marker = "\"eventName\":\"AttachUserPolicy\"";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        at.Should().BeGreaterThan(0);
        var corrupted = text.Remove(at + "\"eventName\"".Length, 1);

        var log = await LoadBytesAsync("corrupt.json", Encoding.UTF8.GetBytes(corrupted));

        var diagnostic = log.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Position.RecordIndex.Should().Be(target);
        diagnostic.Position.Line.Should().Be(1);
        diagnostic.Position.ByteOffset.Should().BeGreaterThan(0).And.BeLessThan(at);
        corrupted[(int)diagnostic.Position.ByteOffset!.Value].Should().Be('{', "the offset points at the start of the bad record");
        log.Statistics.Records.Should().Be(records.Count - 1);
        log.Events.Select(e => e.EventName).Should().NotContain("AttachUserPolicy").And.Contain("CreateAccessKey").And.Contain("CreateRole");
        log.Events.Should().HaveCount(11);
    }

    [Fact]
    public async Task LoadAsync_TruncatedFile_IsReportedAndKeepsTheRecordsBeforeTheCut()
    {
        var bytes = File.ReadAllBytes(PathOf(Invictus6Cic));
        var cut = bytes[..(bytes.Length * 6 / 10)];

        var log = await LoadBytesAsync("cut.json", cut);

        var diagnostic = log.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Message.Should().Contain("truncated");
        diagnostic.Position.Source.Should().Be("cut.json");

        // The BCL tells which records end before the cut: the reader must keep exactly those.
        var complete = CountCompleteRecords(cut);
        log.Statistics.Records.Should().Be(complete);
        complete.Should().BeInRange(100, 200);
        log.Events.Should().NotBeEmpty();
    }

    [Fact]
    public async Task LoadAsync_TruncatedGzip_IsReportedAndKeepsWhatWasDecoded()
    {
        var gzip = Gzip(File.ReadAllBytes(PathOf(Invictus6Cic)));
        var cut = gzip[..(gzip.Length / 2)];

        var log = await LoadBytesAsync("cut.json.gz", cut);

        log.Diagnostics.Should().NotBeEmpty().And.OnlyContain(d => d.Severity == CloudTrailDiagnosticSeverity.Warning && d.Position.Source == "cut.json.gz");
        log.Statistics.Records.Should().BeInRange(50, 245);
    }

    [Fact]
    public async Task LoadAsync_UnreadableObjects_AreErrorsAndOtherFilesAreStillRead()
    {
        using var temp = new TempFolder();
        temp.Write("logs/README.txt", Encoding.UTF8.GetBytes("These are our CloudTrail logs.\n"));
        temp.Write("logs/archive.zip", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]);
        temp.Write("logs/stratus.json", File.ReadAllBytes(PathOf(Stratus)));
        temp.Write("logs/empty.json", []);
        var missing = Path.Combine(temp.Path, "nope.json");

        var log = await CloudTrailReader.LoadAsync([Path.Combine(temp.Path, "logs"), missing]);

        log.Events.Should().HaveCount(2);
        log.Diagnostics.Should().Contain(d => d.Position.Source.EndsWith("README.txt") && d.Severity == CloudTrailDiagnosticSeverity.Warning && d.Message.Contains("not a CloudTrail log"));
        log.Diagnostics.Should().Contain(d => d.Position.Source.EndsWith("archive.zip") && d.Severity == CloudTrailDiagnosticSeverity.Error && d.Message.Contains("zip"));
        log.Diagnostics.Should().Contain(d => d.Position.Source == missing && d.Severity == CloudTrailDiagnosticSeverity.Error && d.Message.Contains("does not exist"));
        log.Diagnostics.Should().Contain(d => d.Position.Source.EndsWith("empty.json") && d.Severity == CloudTrailDiagnosticSeverity.Info);
    }

    [Fact]
    public async Task LoadAsync_ConcatenatedDeliveredFiles_ReadsEveryWrapper()
    {
        var bytes = File.ReadAllBytes(PathOf(Invictus9Sjs)).Concat(File.ReadAllBytes(PathOf(InvictusZtun))).ToArray();

        var log = await LoadBytesAsync("cat.json", bytes);

        log.Diagnostics.Should().BeEmpty();
        (await SignatureOf(log)).Should().Equal(await ExpectedSignatureAsync(Invictus9Sjs, InvictusZtun));
    }

    [Fact]
    public async Task LoadAsync_RecordWithUnbalancedBrackets_IsBoundedByMaxRecordBytes()
    {
        var records = Records(Invictus9Sjs).Select(Compact).ToList();
        records.Insert(3, "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\"" + new string(' ', 4000));
        var text = "{\"Records\":[" + string.Join(",", records) + "]}";

        var log = await LoadBytesAsync("unbalanced.json", Encoding.UTF8.GetBytes(text), new CloudTrailReaderOptions { MaxRecordBytes = 2048 });

        log.Diagnostics.Should().Contain(d => d.Position.RecordIndex == 3);
        log.Statistics.Records.Should().Be(84);
    }

    [Fact]
    public async Task LoadAsync_SameLogTwice_KeepsEachEventOnce()
    {
        var log = await LoadRealAsync(Stratus, Stratus);

        log.Events.Should().HaveCount(2);
        log.Statistics.DuplicateEvents.Should().Be(2);
    }

    [Fact]
    public async Task ReadEventsAsync_Streams_AndReportsDiagnosticsThroughTheCallback()
    {
        var seen = new List<CloudTrailDiagnostic>();
        var options = new CloudTrailReaderOptions { OnDiagnostic = seen.Add };
        var source = CloudTrailLogSource.FromObjects([InMemory("bad.json", Encoding.UTF8.GetBytes("not json")), new CloudTrailLogObject("stratus.json", _ => ValueTask.FromResult<Stream>(File.OpenRead(PathOf(Stratus))))]);

        var names = new List<string>();
        await foreach (var found in CloudTrailReader.ReadEventsAsync(source, options))
        {
            names.Add(found.EventName);
        }

        names.Should().Equal("AttachRolePolicy", "CreateRole");
        seen.Should().ContainSingle().Which.Position.Source.Should().Be("bad.json");
    }

    [Fact]
    public async Task RecordScanner_LargeStream_KeepsItsBufferAtOneRecordScale()
    {
        // 40 MB of records produced on the fly by a non-seekable stream: the scanner must not buffer the file.
        var record = Encoding.UTF8.GetBytes(Compact(Records(InvictusZtun)[0]));
        const int count = 40_000_000 / 1000;
        using var stream = new RepeatingRecordStream(record, count);
        using var scanner = new RecordScanner(stream, "generated", RecordScanner.DefaultMaxRecordBytes, d => throw new InvalidOperationException(d.ToString()));

        var items = 0;
        while (true)
        {
            var status = scanner.Next();
            if (status == ScanStatus.Item)
            {
                items++;
            }
            else if (status == ScanStatus.End)
            {
                break;
            }
            else
            {
                await scanner.FillAsync(CancellationToken.None);
            }
        }

        items.Should().Be(count);
        scanner.BytesRead.Should().BeGreaterThan(count * (long)record.Length);
        scanner.BufferCapacity.Should().BeLessThanOrEqualTo(1024 * 1024, "the pool may round up, but never to the file size");
    }

    private static int CountCompleteRecords(byte[] cut)
    {
        // Count the array elements that close before the cut, with the BCL's reader.
        var reader = new System.Text.Json.Utf8JsonReader(cut, isFinalBlock: false, default);
        var complete = 0;
        while (reader.Read())
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.EndObject && reader.CurrentDepth == 2)
            {
                complete++;
            }
        }

        return complete;
    }

    /// <summary>A forward-only stream of <c>{"Records":[r,r,…]}</c>, generated as it is read.</summary>
    private sealed class RepeatingRecordStream(byte[] record, int count) : Stream
    {
        private static readonly byte[] Head = "{\"Records\":["u8.ToArray();
        private static readonly byte[] Tail = "]}"u8.ToArray();
        private readonly byte[] _record = record;
        private int _written = -1;
        private byte[] _chunk = Head;
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count1)
        {
            if (_offset == _chunk.Length)
            {
                _written++;
                if (_written > count)
                {
                    return 0;
                }

                _chunk = _written == count ? Tail : _written == 0 ? _record : [(byte)',', .. _record];
                _offset = 0;
            }

            var n = Math.Min(count1, _chunk.Length - _offset);
            Array.Copy(_chunk, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count1) => throw new NotSupportedException();
    }
}
