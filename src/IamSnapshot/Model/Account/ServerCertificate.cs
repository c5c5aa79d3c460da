namespace IamSnapshot.Model;

/// <summary>
/// A server certificate stored in IAM (<c>ListServerCertificates</c>): its metadata only, never the certificate body or
/// its private key. Load balancers and CloudFront use these in regions without AWS Certificate Manager, or where
/// someone chose IAM. Immutable value with structural equality.
/// </summary>
public sealed record ServerCertificate
{
    /// <summary>The certificate's ARN, for example <c>arn:aws:iam::123456789012:server-certificate/prod/www</c>.</summary>
    public required string Arn { get; init; }

    /// <summary>The certificate's name (<c>ServerCertificateName</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The id IAM assigned (<c>ASCA…</c>); a new id under the same ARN is a certificate deleted and uploaded again.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The certificate's path, for example <c>/</c> or <c>/cloudfront/</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>When the certificate was uploaded (UTC), or null when the source did not give it.</summary>
    public DateTimeOffset? UploadDate { get; init; }

    /// <summary>When the certificate expires (UTC), or null when the source did not give it.</summary>
    public DateTimeOffset? Expiration { get; init; }

    /// <summary>Whether the certificate has expired at <paramref name="time"/> (false when its expiration is unknown).</summary>
    /// <param name="time">The time to judge against, usually the snapshot's capture time (never the clock).</param>
    /// <returns>True when <see cref="Expiration"/> is at or before <paramref name="time"/>.</returns>
    public bool IsExpiredAt(DateTimeOffset time) => Expiration is { } expiration && expiration <= time;
}
