using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace IamSnapshot.Aws.Fakes;

/// <summary>
/// Checks an AWS Signature Version 4 the way AWS does, written from the published algorithm: canonical request,
/// string to sign, HMAC key derivation chain, constant-time comparison. Independent of AWSSDK.Core on purpose,
/// so a bug in how the client signs shows up as a rejected request.
/// </summary>
public static class SigV4Verifier
{
    /// <summary>The parsed <c>Authorization</c> header.</summary>
    public sealed record Authorization(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature);

    /// <summary>Parses the Authorization header, or returns an error text.</summary>
    public static Authorization? Parse(string? header, out string? error)
    {
        error = null;
        const string Prefix = "AWS4-HMAC-SHA256 ";
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = "missing or non-SigV4 Authorization header";
            return null;
        }

        var fields = header[Prefix.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential) || !fields.TryGetValue("SignedHeaders", out var signed) || !fields.TryGetValue("Signature", out var signature))
        {
            error = "Authorization header lacks Credential, SignedHeaders or Signature";
            return null;
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            error = "malformed credential scope";
            return null;
        }

        return new Authorization(scope[0], scope[1], scope[2], scope[3], signed.Split(';'), signature);
    }

    /// <summary>
    /// Verifies the request's signature with <paramref name="secretAccessKey"/>. Returns null when valid, else why not.
    /// </summary>
    public static string? Verify(HttpRequest request, byte[] body, Authorization auth, string secretAccessKey, DateTimeOffset now)
    {
        var amzDate = request.Headers["x-amz-date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return "missing or malformed X-Amz-Date";
        }

        if (!amzDate.StartsWith(auth.Date, StringComparison.Ordinal))
        {
            return "credential scope date differs from X-Amz-Date";
        }

        if ((now - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            return "signature expired (clock skew over 15 minutes)";
        }

        if (!auth.SignedHeaders.Contains("host") || !auth.SignedHeaders.Contains("x-amz-date"))
        {
            return "host and x-amz-date must be signed";
        }

        var actualHash = Hex(SHA256.HashData(body));
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash.Length == 0)
        {
            payloadHash = actualHash;
        }
        else if (payloadHash != "UNSIGNED-PAYLOAD" && !payloadHash.StartsWith("STREAMING-", StringComparison.Ordinal) && payloadHash != actualHash)
        {
            return "x-amz-content-sha256 does not match the body";
        }

        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n');
        canonical.Append(CanonicalPath(request, auth.Service)).Append('\n');
        canonical.Append(CanonicalQuery(request.QueryString.Value)).Append('\n');
        foreach (var name in auth.SignedHeaders)
        {
            var value = name == "host" ? request.Host.Value : string.Join(",", request.Headers[name].Select(v => v ?? string.Empty));
            canonical.Append(name).Append(':').Append(CollapseSpaces(value ?? string.Empty)).Append('\n');
        }

        canonical.Append('\n').Append(string.Join(';', auth.SignedHeaders)).Append('\n').Append(payloadHash);

        var scope = $"{auth.Date}/{auth.Region}/{auth.Service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), auth.Date);
        key = Hmac(key, auth.Region);
        key = Hmac(key, auth.Service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)) ? null : "SignatureDoesNotMatch";
    }

    private static string CanonicalPath(HttpRequest request, string service)
    {
        var raw = request.Path.HasValue ? request.Path.ToUriComponent() : "/";
        if (raw.Length == 0)
        {
            raw = "/";
        }

        // S3 signs the path as sent; every other service encodes each segment once more.
        if (service == "s3")
        {
            return string.Join('/', raw.Split('/').Select(s => UriEncode(Uri.UnescapeDataString(s))));
        }

        return string.Join('/', raw.Split('/').Select(s => UriEncode(UriEncode(Uri.UnescapeDataString(s)))));
    }

    private static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return string.Empty;
        }

        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var kv = p.Split('=', 2);
            var k = UriEncode(Uri.UnescapeDataString(kv[0].Replace('+', ' ')));
            var v = kv.Length > 1 ? UriEncode(Uri.UnescapeDataString(kv[1].Replace('+', ' '))) : string.Empty;
            return (k, v);
        });
        return string.Join('&', pairs.OrderBy(p => p.k, StringComparer.Ordinal).ThenBy(p => p.v, StringComparer.Ordinal).Select(p => $"{p.k}={p.v}"));
    }

    /// <summary>RFC 3986 encoding as SigV4 defines it (unreserved characters kept, everything else %XX upper case).</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        var space = false;
        foreach (var c in trimmed)
        {
            if (c == ' ')
            {
                if (!space)
                {
                    builder.Append(c);
                }

                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
