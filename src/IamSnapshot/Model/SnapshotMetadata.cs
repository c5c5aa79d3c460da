namespace IamSnapshot.Model;

/// <summary>
/// Facts about a snapshot. Holds nothing that varies by itself (no file times, no commit hashes), so that
/// re-importing the same input gives a byte-identical file. Immutable value.
/// </summary>
public sealed record SnapshotMetadata
{
    /// <summary>The schema version this library writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The schema version of the file the snapshot was read from, or <see cref="CurrentSchemaVersion"/>.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The 12-digit account id, or null when the source did not reveal it.</summary>
    public string? AccountId { get; init; }

    /// <summary>The AWS partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>).</summary>
    public string Partition { get; init; } = "aws";

    /// <summary>When the account was captured, or null when unknown (an AWS CLI dump records no time).</summary>
    public DateTimeOffset? CapturedAt { get; init; }

    /// <summary>What produced the snapshot, for example <c>aws-cli:get-account-authorization-details</c> or <c>live</c>.</summary>
    public string Source { get; init; } = "unknown";

    /// <summary>The version of the tool that wrote the snapshot, without a commit hash.</summary>
    public string? ToolVersion { get; init; }

    /// <summary>The parts of the account the snapshot holds.</summary>
    public SnapshotParts Parts { get; init; } = SnapshotParts.AuthorizationDetails;

    /// <summary>True when the snapshot holds <paramref name="part"/>.</summary>
    /// <param name="part">The part (or parts) to test.</param>
    /// <returns>Whether every named part is present.</returns>
    public bool Has(SnapshotParts part) => (Parts & part) == part;
}
