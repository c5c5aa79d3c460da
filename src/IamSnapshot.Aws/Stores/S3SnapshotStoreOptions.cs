namespace IamSnapshot.Aws.Stores;

/// <summary>Where and how an <see cref="S3SnapshotStore"/> writes. Immutable value, validated by <see cref="Validate"/>.</summary>
public sealed record S3SnapshotStoreOptions
{
    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key prefix under which the store layout starts (no leading or trailing slash), or empty.</summary>
    /// <value>The default is empty: the layout starts at the bucket root.</value>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>The server-side encryption to request: <c>aws:kms</c>, <c>aws:kms:dsse</c> or <c>AES256</c>.</summary>
    /// <value>The default is null: the bucket's default encryption applies.</value>
    public string? ServerSideEncryption { get; init; }

    /// <summary>The KMS key (id, ARN or alias) for <c>aws:kms</c>; null uses the account's S3 key.</summary>
    /// <value>The default is null.</value>
    public string? KmsKeyId { get; init; }

    /// <summary>The account that must own the bucket; S3 refuses every request otherwise (guards against a bucket name taken over by someone else).</summary>
    /// <value>The default is null: not checked.</value>
    public string? ExpectedBucketOwner { get; init; }

    /// <summary>Parses <c>s3://bucket/prefix</c>.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>Options with the bucket and prefix set.</returns>
    /// <exception cref="ArgumentException">The text is not an s3:// URL with a bucket.</exception>
    public static S3SnapshotStoreOptions Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.StartsWith("s3://", StringComparison.Ordinal) || url.Length <= "s3://".Length)
        {
            throw new ArgumentException($"'{url}' is not an S3 location (s3://bucket/prefix).", nameof(url));
        }

        var rest = url["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var options = slash < 0
            ? new S3SnapshotStoreOptions { Bucket = rest }
            : new S3SnapshotStoreOptions { Bucket = rest[..slash], Prefix = rest[(slash + 1)..].Trim('/') };
        options.Validate();
        return options;
    }

    /// <summary>Checks every option and throws once, listing every problem.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(Bucket) || Bucket.Length is < 3 or > 63 || !Bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            errors.Add($"Bucket '{Bucket}' is not an S3 bucket name (3 to 63 lower-case letters, digits, '-' and '.').");
        }

        if (Prefix.StartsWith('/') || Prefix.EndsWith('/') || Prefix.Contains("//", StringComparison.Ordinal))
        {
            errors.Add($"Prefix '{Prefix}' must not start or end with '/' or contain '//'.");
        }

        if (ServerSideEncryption is not null and not ("aws:kms" or "aws:kms:dsse" or "AES256"))
        {
            errors.Add($"ServerSideEncryption '{ServerSideEncryption}' must be aws:kms, aws:kms:dsse or AES256.");
        }

        if (KmsKeyId is not null && ServerSideEncryption is not ("aws:kms" or "aws:kms:dsse"))
        {
            errors.Add("KmsKeyId needs ServerSideEncryption aws:kms or aws:kms:dsse.");
        }

        if (ExpectedBucketOwner is not null && (ExpectedBucketOwner.Length != 12 || !ExpectedBucketOwner.All(char.IsAsciiDigit)))
        {
            errors.Add($"ExpectedBucketOwner '{ExpectedBucketOwner}' is not a 12-digit account id.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid S3 store options:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
        }
    }
}
