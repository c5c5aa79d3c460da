using System.Collections.Immutable;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Policies.Access;

/// <summary>
/// One action a principal may do (or gained or lost), on which resources, and through which policies.
/// Immutable value; serialises as <c>{ action, level, resources, notResources, conditional, via }</c>.
/// </summary>
public sealed record ActionGrant
{
    /// <summary>The concrete action name from the catalog (<c>s3:GetObject</c>), or the policy's pattern when the catalog knows no action it matches.</summary>
    public required string Action { get; init; }

    /// <summary>The action's access level, or null for a pattern the catalog does not know.</summary>
    public AccessLevel? Level { get; init; }

    /// <summary>The resource ARN patterns the grant applies to (<c>*</c> for all).</summary>
    public required ImmutableArray<string> Resources { get; init; }

    /// <summary>Resource patterns excluded from <see cref="Resources"/> (<c>NotResource</c>, or a Deny on part of them).</summary>
    public ImmutableArray<string> NotResources { get; init; } = [];

    /// <summary>True when the grant depends on conditions (or policy variables): shown, but never counted as an unconditional allow.</summary>
    public bool Conditional { get; init; }

    /// <summary>The policies that grant it.</summary>
    public required ImmutableArray<PolicyReference> Via { get; init; }

    /// <inheritdoc />
    public bool Equals(ActionGrant? other) =>
        other is not null
        && string.Equals(Action, other.Action, StringComparison.Ordinal)
        && Level == other.Level
        && Resources.SequenceEqual(other.Resources)
        && NotResources.SequenceEqual(other.NotResources)
        && Conditional == other.Conditional
        && Via.SequenceEqual(other.Via);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Action, Conditional, Resources.Length, Via.Length);
}
