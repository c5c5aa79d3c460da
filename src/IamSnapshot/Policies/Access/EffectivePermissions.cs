using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Policies.Access;

/// <summary>
/// What one user or role may do according to its identity policies, groups and permissions boundary
/// (see <see cref="EffectivePermissionsCalculator"/>). Immutable and thread-safe.
/// </summary>
public sealed class EffectivePermissions
{
    private readonly ActionCatalog _catalog;
    private readonly Lazy<ActionSet> _unconditional;
    private readonly Lazy<ActionSet> _unconditionalOnAll;

    // Computed on first use; a race computes the same list twice, harmlessly.
    private ImmutableArray<PrivilegeEscalationSet> _escalationSets;

    internal EffectivePermissions(string principalArn, EntityKind kind, string? boundaryArn, ImmutableArray<string> unknownReferences, ImmutableArray<PermissionEntry> entries, ActionCatalog catalog)
    {
        PrincipalArn = principalArn;
        Kind = kind;
        PermissionsBoundaryArn = boundaryArn;
        UnknownReferences = unknownReferences;
        Entries = entries;
        _catalog = catalog;
        _unconditional = new(() => Union(entries.Where(e => !e.Conditional)));
        _unconditionalOnAll = new(() => Union(entries.Where(e => !e.Conditional && e.Scope.IsAll)));
    }

    /// <summary>The user's or role's ARN.</summary>
    public string PrincipalArn { get; }

    /// <summary>User or role.</summary>
    public EntityKind Kind { get; }

    /// <summary>The ARN of the permissions boundary, or null when none is set.</summary>
    public string? PermissionsBoundaryArn { get; }

    /// <summary>
    /// References the snapshot could not resolve: attached or boundary policy ARNs missing from its policies
    /// (real case: deprecated AWS-managed policies), and <c>group:NAME</c> for a group it lacks. Their
    /// permissions are not counted; a missing boundary is treated as no boundary.
    /// </summary>
    public ImmutableArray<string> UnknownReferences { get; }

    /// <summary>Action patterns that grant something but name no catalog action (typos, newer or retired actions).</summary>
    public ImmutableArray<string> UnknownActions => Entries.SelectMany(e => e.UnknownPatterns).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();

    /// <summary>How many catalog actions are allowed without conditions, on some resource.</summary>
    public int UnconditionalActionCount => _unconditional.Value.Count;

    internal ImmutableArray<PermissionEntry> Entries { get; }

    /// <summary>The catalog the entries' action indices refer to.</summary>
    internal ActionCatalog Catalog => _catalog;

    internal ActionSet UnconditionalActions => _unconditional.Value;

    internal ActionSet UnconditionalActionsOnAllResources => _unconditionalOnAll.Value;

    /// <summary>The privilege-escalation sets these permissions satisfy, computed once (posture and change rules both ask).</summary>
    internal ImmutableArray<PrivilegeEscalationSet> SatisfiedEscalationSets =>
        _escalationSets.IsDefault ? _escalationSets = AccessAnalysis.SatisfiedBy(_unconditional.Value, _catalog) : _escalationSets;

    /// <summary>True when the action is allowed without conditions on at least one resource.</summary>
    /// <param name="action">A catalog action, any case.</param>
    /// <returns>Whether it is allowed.</returns>
    public bool IsAllowed(string action)
    {
        var index = _catalog.IndexOf(action);
        return index >= 0 && _unconditional.Value.Contains(index);
    }

    /// <summary>True when the action is allowed without conditions on every resource (<c>*</c>, no exclusions).</summary>
    /// <param name="action">A catalog action, any case.</param>
    /// <returns>Whether it is allowed on <c>*</c>.</returns>
    public bool IsAllowedOnAllResources(string action)
    {
        var index = _catalog.IndexOf(action);
        return index >= 0 && _unconditionalOnAll.Value.Contains(index);
    }

    /// <summary>
    /// Every grant, one per action and resource scope, sorted by action: concrete catalog actions, then the
    /// patterns the catalog does not know. A principal with <c>*</c> has about 22,000; use
    /// <see cref="IsAllowed"/> or <see cref="UnconditionalActionCount"/> for questions about the whole.
    /// </summary>
    /// <returns>The grants.</returns>
    public IEnumerable<ActionGrant> Grants() => ToGrants(Entries.Select(e => (e, e.Actions, e.UnknownPatterns)), _catalog);

    internal static IEnumerable<ActionGrant> ToGrants(IEnumerable<(PermissionEntry Entry, ActionSet Actions, ImmutableArray<string> Unknown)> parts, ActionCatalog catalog)
    {
        // Ordered by (action index, entry order): catalog indices are in name order and entries come in a fixed
        // order, so the list is deterministic without comparing strings. The entries' index lists are already
        // ascending, so they are merged as they are read: a caller that stops early (the first few grants for a
        // message) never builds the 22,000 grants of a principal with *.
        var list = parts.ToList();
        var queue = new PriorityQueue<(IEnumerator<int> Indices, int Entry), (int Action, int Entry)>();
        for (var i = 0; i < list.Count; i++)
        {
            var indices = list[i].Actions.Indices().GetEnumerator();
            if (indices.MoveNext())
            {
                queue.Enqueue((indices, i), (indices.Current, i));
            }
        }

        while (queue.TryDequeue(out var next, out var key))
        {
            var entry = list[key.Entry].Entry;
            yield return new ActionGrant
            {
                Action = catalog.NameAt(key.Action),
                Level = catalog.LevelAt(key.Action),
                Resources = entry.Scope.Resources,
                NotResources = entry.Scope.NotResources,
                Conditional = entry.Conditional,
                Via = entry.ViaFor(key.Action),
            };

            if (next.Indices.MoveNext())
            {
                queue.Enqueue(next, (next.Indices.Current, key.Entry));
            }
        }

        var unknown = new List<(string Pattern, int Entry)>();
        for (var i = 0; i < list.Count; i++)
        {
            foreach (var pattern in list[i].Unknown)
            {
                unknown.Add((pattern, i));
            }
        }

        unknown.Sort((x, y) => string.CompareOrdinal(x.Pattern, y.Pattern) is var c && c != 0 ? c : x.Entry.CompareTo(y.Entry));
        foreach (var (pattern, index) in unknown)
        {
            var entry = list[index].Entry;
            yield return new ActionGrant
            {
                Action = pattern,
                Resources = entry.Scope.Resources,
                NotResources = entry.Scope.NotResources,
                Conditional = entry.Conditional,
                Via = entry.ViaFor(pattern),
            };
        }
    }

    private static ActionSet Union(IEnumerable<PermissionEntry> entries) => ActionSet.UnionAll(entries.Select(e => e.Actions).ToList());
}
