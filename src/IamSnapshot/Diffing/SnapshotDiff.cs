using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Policies.Access;

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
        _calculators = new Lazy<(EffectivePermissionsCalculator Before, EffectivePermissionsCalculator After)>(
            () => Policies.Access.AccessDelta.CalculatorPair(before, after, Policies.Catalog.ActionCatalog.Default));
        _accessDelta = new Lazy<ImmutableArray<PrincipalAccessDelta>>(
            () => Policies.Access.AccessDelta.Compute(before, after, _calculators.Value.Before, _calculators.Value.After, Policies.Catalog.ActionCatalog.Default));
    }

    // Computed on first use, once: rules and every report format share them.
    private readonly Lazy<(EffectivePermissionsCalculator Before, EffectivePermissionsCalculator After)> _calculators;
    private readonly Lazy<ImmutableArray<PrincipalAccessDelta>> _accessDelta;

    /// <summary>
    /// For each principal whose access changed, the actions (with resources, conditional-ness and the policies that
    /// grant them) it can perform after but not before, and the reverse. Computed on first use.
    /// </summary>
    public ImmutableArray<PrincipalAccessDelta> AccessDelta => _accessDelta.Value;

    /// <summary>Effective permissions in the before snapshot (cached per policy).</summary>
    internal EffectivePermissionsCalculator BeforePermissions => _calculators.Value.Before;

    /// <summary>Effective permissions in the after snapshot (cached per policy).</summary>
    internal EffectivePermissionsCalculator AfterPermissions => _calculators.Value.After;

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
