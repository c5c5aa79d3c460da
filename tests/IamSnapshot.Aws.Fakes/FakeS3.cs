using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace IamSnapshot.Aws.Fakes;

/// <summary>
/// The S3 part of the fake: path-style PutObject, GetObject, HeadObject and ListObjectsV2 on in-memory buckets.
/// Checks <c>x-amz-expected-bucket-owner</c> and records the server-side-encryption headers of each object. Decodes
/// aws-chunked bodies (SDK v4 may stream uploads that way) and checks their trailing CRC when present.
/// </summary>
public sealed class FakeS3
{
    private readonly ConcurrentDictionary<string, string> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly FakeAwsServer _server;

    internal FakeS3(FakeAwsServer server)
    {
        _server = server;
    }

    /// <summary>The most keys one ListObjectsV2 page returns (lower it to test continuation).</summary>
    public int MaxKeys { get; set; } = 1000;

    /// <summary>Creates a bucket owned by an account.</summary>
    public void CreateBucket(string name, string ownerAccountId) => _buckets[name] = ownerAccountId;

    /// <summary>The objects of a bucket (key → object).</summary>
    public IReadOnlyDictionary<string, StoredObject> Objects(string bucket) =>
        _objects.Where(o => o.Key.StartsWith(bucket + "/", StringComparison.Ordinal)).ToDictionary(o => o.Key[(bucket.Length + 1)..], o => o.Value, StringComparer.Ordinal);

    /// <summary>Puts an object directly (test setup).</summary>
    public void Put(string bucket, string key, byte[] body) => _objects[bucket + "/" + key] = new StoredObject(body, null, null, DateTimeOffset.UtcNow);

    internal async Task HandleAsync(HttpContext context, byte[] body, string callerAccount, Action<string, int> record)
    {
        var request = context.Request;
        var path = Uri.UnescapeDataString(request.Path.Value ?? "/").TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        var key = slash < 0 ? string.Empty : path[(slash + 1)..];
        var action = (request.Method, key.Length == 0) switch
        {
            ("PUT", false) => "PutObject",
            ("GET", false) => "GetObject",
            ("HEAD", false) => "HeadObject",
            ("GET", true) => "ListObjectsV2",
            _ => request.Method + " " + path,
        };

        if (!_buckets.TryGetValue(bucket, out var owner))
        {
            record(action, 404);
            await FakeAwsServer.WriteS3ErrorAsync(context, 404, "NoSuchBucket", "The specified bucket does not exist");
            return;
        }

        var expectedOwner = request.Headers["x-amz-expected-bucket-owner"].ToString();
        if (expectedOwner.Length > 0 && expectedOwner != owner)
        {
            record(action, 403);
            await FakeAwsServer.WriteS3ErrorAsync(context, 403, "AccessDenied", "Access Denied");
            return;
        }

        switch (action)
        {
            case "PutObject":
                var content = Decode(request, body, out var error);
                if (content is null)
                {
                    record(action, 400);
                    await FakeAwsServer.WriteS3ErrorAsync(context, 400, "InvalidRequest", error!);
                    return;
                }

                var sse = request.Headers["x-amz-server-side-encryption"].ToString();
                var kms = request.Headers["x-amz-server-side-encryption-aws-kms-key-id"].ToString();
                _objects[bucket + "/" + key] = new StoredObject(content, sse.Length == 0 ? null : sse, kms.Length == 0 ? null : kms, DateTimeOffset.UtcNow);
                context.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(MD5.HashData(content)) + "\"";
                record(action, 200);
                context.Response.StatusCode = 200;
                return;
            case "GetObject":
            case "HeadObject":
                if (!_objects.TryGetValue(bucket + "/" + key, out var stored))
                {
                    record(action, 404);
                    await FakeAwsServer.WriteS3ErrorAsync(context, 404, "NoSuchKey", "The specified key does not exist.");
                    return;
                }

                record(action, 200);
                context.Response.StatusCode = 200;
                context.Response.ContentLength = stored.Body.Length;
                context.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(MD5.HashData(stored.Body)) + "\"";
                context.Response.Headers.LastModified = stored.LastModified.ToString("R", CultureInfo.InvariantCulture);
                if (action == "GetObject")
                {
                    await context.Response.Body.WriteAsync(stored.Body);
                }

                return;
            case "ListObjectsV2":
                record(action, 200);
                await ListAsync(context, bucket);
                return;
            default:
                record(action, 405);
                await FakeAwsServer.WriteS3ErrorAsync(context, 405, "MethodNotAllowed", "The fake does not support " + action);
                return;
        }
    }

    private async Task ListAsync(HttpContext context, string bucket)
    {
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString();
        var urlEncoded = query["encoding-type"].ToString() == "url";
        var max = Math.Min(MaxKeys, int.TryParse(query["max-keys"], out var m) ? m : 1000);
        var start = query["continuation-token"].ToString();
        if (start.Length == 0)
        {
            start = query["start-after"].ToString();
        }

        var entries = new SortedDictionary<string, StoredObject?>(StringComparer.Ordinal);
        foreach (var (fullKey, value) in _objects)
        {
            if (!fullKey.StartsWith(bucket + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var key = fullKey[(bucket.Length + 1)..];
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key[prefix.Length..];
            var cut = delimiter.Length == 0 ? -1 : rest.IndexOf(delimiter, StringComparison.Ordinal);
            if (cut >= 0)
            {
                entries[prefix + rest[..(cut + delimiter.Length)]] = null;
            }
            else
            {
                entries[key] = value;
            }
        }

        var page = entries.Where(e => string.CompareOrdinal(e.Key, start) > 0).Take(max + 1).ToList();
        var truncated = page.Count > max;
        if (truncated)
        {
            page.RemoveAt(page.Count - 1);
        }

        var xml = new StringBuilder("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        xml.Append($"<Name>{bucket}</Name><Prefix>{Enc(prefix)}</Prefix><KeyCount>{page.Count}</KeyCount><MaxKeys>{max}</MaxKeys>");
        if (delimiter.Length > 0)
        {
            xml.Append($"<Delimiter>{Enc(delimiter)}</Delimiter>");
        }

        if (urlEncoded)
        {
            xml.Append("<EncodingType>url</EncodingType>");
        }

        xml.Append($"<IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>");
        if (truncated)
        {
            xml.Append($"<NextContinuationToken>{SecurityElement.Escape(page[^1].Key)}</NextContinuationToken>");
        }

        foreach (var (key, value) in page)
        {
            if (value is null)
            {
                xml.Append($"<CommonPrefixes><Prefix>{Enc(key)}</Prefix></CommonPrefixes>");
            }
            else
            {
                xml.Append($"<Contents><Key>{Enc(key)}</Key><LastModified>{value.LastModified.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}</LastModified><ETag>\"x\"</ETag><Size>{value.Body.Length}</Size><StorageClass>STANDARD</StorageClass></Contents>");
            }
        }

        xml.Append("</ListBucketResult>");
        var bytes = Encoding.UTF8.GetBytes(xml.ToString());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/xml";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);

        string Enc(string text) => urlEncoded ? Uri.EscapeDataString(text) : SecurityElement.Escape(text);
    }

    // aws-chunked: "<hex size>[;chunk-signature=…]\r\n<data>\r\n" … "0…\r\n" then optional trailers.
    private static byte[]? Decode(HttpRequest request, byte[] body, out string? error)
    {
        error = null;
        var encoding = request.Headers.ContentEncoding.ToString();
        var sha = request.Headers["x-amz-content-sha256"].ToString();
        if (!encoding.Contains("aws-chunked", StringComparison.Ordinal) && !sha.StartsWith("STREAMING-", StringComparison.Ordinal))
        {
            return body;
        }

        using var output = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = IndexOf(body, position);
            if (lineEnd < 0)
            {
                error = "aws-chunked body without a chunk header";
                return null;
            }

            var header = Encoding.ASCII.GetString(body, position, lineEnd - position);
            var size = int.Parse(header.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(body, position, size);
            position += size + 2;
        }

        var decoded = output.ToArray();
        var declared = request.Headers["x-amz-decoded-content-length"].ToString();
        if (declared.Length > 0 && long.Parse(declared, CultureInfo.InvariantCulture) != decoded.Length)
        {
            error = "x-amz-decoded-content-length does not match the decoded body";
            return null;
        }

        return decoded;
    }

    private static int IndexOf(byte[] body, int start)
    {
        for (var i = start; i < body.Length - 1; i++)
        {
            if (body[i] == '\r' && body[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>An object as stored, with its encryption headers.</summary>
    public sealed record StoredObject(byte[] Body, string? ServerSideEncryption, string? KmsKeyId, DateTimeOffset LastModified);
}
