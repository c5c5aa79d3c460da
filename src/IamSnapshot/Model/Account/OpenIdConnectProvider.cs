using System.Collections.Immutable;

namespace IamSnapshot.Model;

/// <summary>
/// An IAM OpenID Connect identity provider (<c>ListOpenIDConnectProviders</c>, with the details of
/// <c>GetOpenIDConnectProvider</c> when the source gave them). Roles that trust it can be assumed with tokens it issues,
/// such as GitHub Actions'. Immutable value with structural equality (the lists compare by content).
/// </summary>
/// <remarks>
/// The client ids and thumbprints are trust material: IAM accepts a token only when its audience is one of the client
/// ids, and (for providers AWS does not secure with its own trusted root CAs) only when the provider's TLS certificate
/// chain matches a thumbprint. They are null when the source listed the provider without its details, which is not
/// the same as an empty list.
/// </remarks>
public sealed record OpenIdConnectProvider
{
    /// <summary>The provider's ARN, for example <c>arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com</c>.</summary>
    public required string Arn { get; init; }

    /// <summary>The issuer URL as IAM returns it (without <c>https://</c>), or null when the source gave no details.</summary>
    public string? Url { get; init; }

    /// <summary>The client ids (audiences) IAM accepts, sorted (ordinal), or null when the source gave no details.</summary>
    public ImmutableArray<string>? ClientIds { get; init; }

    /// <summary>The server-certificate thumbprints (hex SHA-1), sorted (ordinal), or null when the source gave no details.</summary>
    public ImmutableArray<string>? Thumbprints { get; init; }

    /// <summary>When the provider was created (UTC), or null when the source did not give it.</summary>
    public DateTimeOffset? CreateDate { get; init; }

    /// <summary>Whether the source gave the provider's details (<see cref="ClientIds"/> and <see cref="Thumbprints"/>).</summary>
    public bool HasDetails => ClientIds is not null && Thumbprints is not null;

    /// <inheritdoc />
    public bool Equals(OpenIdConnectProvider? other) =>
        other is not null
        && string.Equals(Arn, other.Arn, StringComparison.Ordinal)
        && string.Equals(Url, other.Url, StringComparison.Ordinal)
        && SameList(ClientIds, other.ClientIds)
        && SameList(Thumbprints, other.Thumbprints)
        && CreateDate == other.CreateDate;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Arn, StringComparer.Ordinal);
        hash.Add(Url, StringComparer.Ordinal);
        foreach (var id in ClientIds ?? [])
        {
            hash.Add(id, StringComparer.Ordinal);
        }

        foreach (var thumbprint in Thumbprints ?? [])
        {
            hash.Add(thumbprint, StringComparer.Ordinal);
        }

        hash.Add(CreateDate);
        return hash.ToHashCode();
    }

    private static bool SameList(ImmutableArray<string>? left, ImmutableArray<string>? right) =>
        left is { } l ? right is { } r && l.SequenceEqual(r, StringComparer.Ordinal) : right is null;
}
