namespace IamSnapshot.Aws.S3;

/// <summary>
/// An <c>s3://bucket/key</c> location: one object, or (with an empty key or a key ending in <c>/</c>) a prefix.
/// Immutable value.
/// </summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The key or prefix, without a leading slash; empty for the whole bucket.</param>
internal sealed record S3Location(string Bucket, string Key)
{
    /// <summary>Whether <paramref name="text"/> is an <c>s3://</c> URL (the scheme is matched ignoring case, as the AWS CLI does).</summary>
    /// <param name="text">The text.</param>
    /// <returns>True for <c>s3://…</c>.</returns>
    public static bool IsS3(string text) => text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the location names a prefix (a "folder") rather than one object.</summary>
    public bool IsPrefix => Key.Length == 0 || Key.EndsWith('/');

    /// <summary>Parses <c>s3://bucket[/key]</c>.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The location.</returns>
    /// <exception cref="ArgumentException">The text is not an s3:// URL with a valid bucket name.</exception>
    public static S3Location Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!IsS3(url))
        {
            throw new ArgumentException($"'{url}' is not an S3 location (s3://bucket/key).", nameof(url));
        }

        var rest = url["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? string.Empty : rest[(slash + 1)..].TrimStart('/');
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            throw new ArgumentException($"'{url}': '{bucket}' is not an S3 bucket name (3 to 63 lower-case letters, digits, '-' and '.').", nameof(url));
        }

        return new S3Location(bucket, key);
    }

    /// <summary>The location of <paramref name="key"/> in the same bucket.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The location.</returns>
    public S3Location WithKey(string key) => new(Bucket, key);

    /// <summary>The location as <c>s3://bucket/key</c>.</summary>
    /// <returns>The URL.</returns>
    public override string ToString() => $"s3://{Bucket}/{Key}";
}
