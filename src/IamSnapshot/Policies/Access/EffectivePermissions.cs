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

    internal ActionSet UnconditionalActions => _unconditional.Value;

    internal ActionSet UnconditionalActionsOnAllResources => _unconditionalOnAll.Value;

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
        // Catalog indices are in name order, and entries come in a fixed order: sorting by
        // (action index, entry order) gives a deterministic list without comparing strings.
        var list = new List<(int Action, int Entry, ActionGrant Grant)>();
        var unknown = new List<(string Pattern, int Entry, ActionGrant Grant)>();
        var order = 0;
        foreach (var (entry, actions, patterns) in parts)
        {
            foreach (var index in actions.Indices())
            {
                list.Add((index, order, new ActionGrant
                {
                    Action = catalog.NameAt(index),
                    Level = catalog.LevelAt(index),
                    Resources = entry.Scope.Resources,
                    NotResources = entry.Scope.NotResources,
                    Conditional = entry.Conditional,
                    Via = entry.ViaFor(index),
                }));
            }

            foreach (var pattern in patterns)
            {
                unknown.Add((pattern, order, new ActionGrant
                {
                    Action = pattern,
                    Resources = entry.Scope.Resources,
                    NotResources = entry.Scope.NotResources,
                    Conditional = entry.Conditional,
                    Via = entry.ViaFor(pattern),
                }));
            }

            order++;
        }

        list.Sort((x, y) => x.Action != y.Action ? x.Action.CompareTo(y.Action) : x.Entry.CompareTo(y.Entry));
        unknown.Sort((x, y) => string.CompareOrdinal(x.Pattern, y.Pattern) is var c && c != 0 ? c : x.Entry.CompareTo(y.Entry));
        return list.Select(x => x.Grant).Concat(unknown.Select(x => x.Grant));
    }

    private static ActionSet Union(IEnumerable<PermissionEntry> entries) => ActionSet.UnionAll(entries.Select(e => e.Actions).ToList());
}
