using System.Collections.Immutable;
using IamSnapshot.Model;

namespace IamSnapshot.Diffing;

/// <summary>
/// The differences between two snapshots of one account: entity changes ordered by entity kind then ARN.
/// Immutable and thread-safe.
/// </summary>
public sealed class SnapshotDiff
{
    internal SnapshotDiff(AccountSnapshot before, AccountSnapshot after, ImmutableArray<EntityChange> changes, ImmutableArray<string> notes)
    {
        Before = before;
        After = after;
        Changes = changes;
        Notes = notes;
    }

    /// <summary>The snapshot compared from.</summary>
    public AccountSnapshot Before { get; }

    /// <summary>The snapshot compared to.</summary>
    public AccountSnapshot After { get; }

    /// <summary>The entity changes, ordered by entity kind, then ARN (ordinal).</summary>
    public ImmutableArray<EntityChange> Changes { get; }

    /// <summary>
    /// What the comparison could not cover, in words: parts absent from one of the snapshots, for example.
    /// </summary>
    public ImmutableArray<string> Notes { get; }

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Changes.IsEmpty;
}
