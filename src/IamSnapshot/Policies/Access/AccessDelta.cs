using System.Collections.Concurrent;
using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Policies.Access;

/// <summary>
/// The access each user and role gained or lost between two snapshots, computed from effective permissions
/// (so a new default version of a shared managed policy, a group membership, a removed boundary or a
/// removed Deny each show up as the access they grant or take away).
/// </summary>
public static class AccessDelta
{
    /// <summary>Computes the access delta of every user and role of either snapshot.</summary>
    /// <param name="before">The earlier snapshot.</param>
    /// <param name="after">The later snapshot.</param>
    /// <param name="catalog">The action catalog; the embedded one when null.</param>
    /// <returns>One entry per principal whose access changed, sorted by ARN. A principal only in
    /// <paramref name="after"/> gains everything it has; one only in <paramref name="before"/> loses everything.</returns>
    public static ImmutableArray<PrincipalAccessDelta> Compute(AccountSnapshot before, AccountSnapshot after, ActionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        catalog ??= ActionCatalog.Default;
        var (beforeCalc, afterCalc) = CalculatorPair(before, after, catalog);
        return Compute(before, after, beforeCalc, afterCalc, catalog);
    }

    /// <summary>Two calculators sharing one compile cache: a policy document that did not change is expanded once.</summary>
    internal static (EffectivePermissionsCalculator Before, EffectivePermissionsCalculator After) CalculatorPair(AccountSnapshot before, AccountSnapshot after, ActionCatalog catalog)
    {
        var cache = new ConcurrentDictionary<string, ImmutableArray<CompiledStatement>>(StringComparer.Ordinal);
        return (new EffectivePermissionsCalculator(before, catalog, cache), new EffectivePermissionsCalculator(after, catalog, cache));
    }

    internal static ImmutableArray<PrincipalAccessDelta> Compute(AccountSnapshot before, AccountSnapshot after, EffectivePermissionsCalculator beforeCalc, EffectivePermissionsCalculator afterCalc, ActionCatalog catalog)
    {
        var beforePrincipals = Principals(before);
        var afterPrincipals = Principals(after);
        var arns = beforePrincipals.Keys.Union(afterPrincipals.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var results = new PrincipalAccessDelta?[arns.Count];
        Parallel.For(0, arns.Count, i =>
        {
            var arn = arns[i];
            var b = beforePrincipals.GetValueOrDefault(arn);
            var a = afterPrincipals.GetValueOrDefault(arn);
            var bInputs = b is null ? null : beforeCalc.InputsOf(b);
            var aInputs = a is null ? null : afterCalc.InputsOf(a);
            if (bInputs is not null && aInputs is not null && bInputs.SameAs(aInputs))
            {
                return;
            }

            var bPerms = bInputs is null ? null : beforeCalc.For(b!, bInputs);
            var aPerms = aInputs is null ? null : afterCalc.For(a!, aInputs);
            results[i] = Between(arn, (a ?? b)!.Kind, bPerms, aPerms, catalog);
        });

        return results.Where(r => r is not null && (r.GainedCount > 0 || r.LostCount > 0 || !r.Gained.IsEmpty || !r.Lost.IsEmpty)).Select(r => r!).ToImmutableArray();
    }

    /// <summary>The delta between two effective-permission results of one principal (either may be null: absent).</summary>
    internal static PrincipalAccessDelta Between(string arn, EntityKind kind, EffectivePermissions? before, EffectivePermissions? after, ActionCatalog catalog)
    {
        var beforeEntries = before?.Entries ?? [];
        var afterEntries = after?.Entries ?? [];
        var (gainedParts, gainedSet) = NotCovered(afterEntries, beforeEntries);
        var (lostParts, lostSet) = NotCovered(beforeEntries, afterEntries);
        // "Gains everything": it holds every action afterwards and did not before. Listing 22,000 items (minus the
        // handful it already had) helps nobody; the count and the summary say it all.
        var holdsAllAfter = after is not null && after.UnconditionalActionCount == catalog.ActionCount;
        var holdsAllBefore = before is not null && before.UnconditionalActionCount == catalog.ActionCount;
        var allGained = gainedSet.Count == catalog.ActionCount || (holdsAllAfter && !holdsAllBefore && gainedSet.Count > 0);
        var allLost = lostSet.Count == catalog.ActionCount || (holdsAllBefore && !holdsAllAfter && lostSet.Count > 0);
        return new PrincipalAccessDelta
        {
            Arn = arn,
            Kind = kind,
            ExistsBefore = before is not null,
            ExistsAfter = after is not null,
            Gained = Items(gainedParts, allGained, catalog),
            Lost = Items(lostParts, allLost, catalog),
            AllActionsGained = allGained,
            AllActionsLost = allLost,
            GainedCount = gainedSet.Count,
            LostCount = lostSet.Count,
            Summary = new AccessDeltaSummary
            {
                GainedByLevel = ByLevel(gainedSet, catalog),
                LostByLevel = ByLevel(lostSet, catalog),
                GainedByService = ByService(gainedSet, catalog),
                LostByService = ByService(lostSet, catalog),
            },
        };
    }

    /// <summary>
    /// The part of <paramref name="x"/> that no entry of <paramref name="y"/> covers. An entry of y covers
    /// an entry of x when its scope covers x's scope and it is unconditional (or both are conditional):
    /// an action that turns from unconditional to conditional is lost (and gained as conditional).
    /// </summary>
    private static (List<(PermissionEntry, ActionSet, ImmutableArray<string>)> Parts, ActionSet All) NotCovered(ImmutableArray<PermissionEntry> x, ImmutableArray<PermissionEntry> y)
    {
        var parts = new List<(PermissionEntry, ActionSet, ImmutableArray<string>)>();
        var gained = new List<ActionSet>();
        foreach (var a in x)
        {
            var covering = new List<ActionSet>();
            var coveredUnknown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var b in y)
            {
                if ((!b.Conditional || a.Conditional) && b.Scope.Covers(a.Scope))
                {
                    covering.Add(b.Actions);
                    coveredUnknown.UnionWith(b.UnknownPatterns);
                }
            }

            var actions = a.Actions.Except(ActionSet.UnionAll(covering));
            var unknown = a.UnknownPatterns.Where(p => !coveredUnknown.Contains(p)).ToImmutableArray();
            if (!actions.IsEmpty || !unknown.IsEmpty)
            {
                parts.Add((a, actions, unknown));
                gained.Add(actions);
            }
        }

        return (parts, ActionSet.UnionAll(gained));
    }

    private static ImmutableArray<ActionGrant> Items(List<(PermissionEntry Entry, ActionSet Actions, ImmutableArray<string> Unknown)> parts, bool allActions, ActionCatalog catalog)
    {
        // "Everything" is reported as allActions plus a count, not as 22,000 items; unknown patterns stay.
        var selected = allActions ? parts.Select(p => (p.Entry, ActionSet.Empty, p.Unknown)) : parts;
        return EffectivePermissions.ToGrants(selected, catalog).ToImmutableArray();
    }

    private static ImmutableSortedDictionary<AccessLevel, int> ByLevel(ActionSet set, ActionCatalog catalog) =>
        set.Indices().GroupBy(catalog.LevelAt).ToImmutableSortedDictionary(g => g.Key, g => g.Count());

    private static ImmutableSortedDictionary<string, int> ByService(ActionSet set, ActionCatalog catalog) =>
        set.Indices().GroupBy(catalog.ServiceAt).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static Dictionary<string, IamPolicyHolder> Principals(AccountSnapshot snapshot)
    {
        var result = new Dictionary<string, IamPolicyHolder>(StringComparer.Ordinal);
        foreach (var u in snapshot.Users)
        {
            result.TryAdd(u.Arn, u);
        }

        foreach (var r in snapshot.Roles)
        {
            result.TryAdd(r.Arn, r);
        }

        return result;
    }
}

/// <summary>
/// The access one user or role gained and lost between two snapshots. Immutable; serialises as
/// <c>{ arn, kind, existsBefore, existsAfter, gained[], lost[], allActionsGained, allActionsLost,
/// gainedCount, lostCount, summary }</c>.
/// </summary>
public sealed record PrincipalAccessDelta
{
    /// <summary>The principal's ARN.</summary>
    public required string Arn { get; init; }

    /// <summary>User or role.</summary>
    public required EntityKind Kind { get; init; }

    /// <summary>False for a principal created between the snapshots (it gains everything it has).</summary>
    public bool ExistsBefore { get; init; }

    /// <summary>False for a principal deleted between the snapshots (it loses everything it had).</summary>
    public bool ExistsAfter { get; init; }

    /// <summary>
    /// Actions allowed after but not before, one item per action and resource scope, sorted by action.
    /// Empty of catalog actions when <see cref="AllActionsGained"/> (then only unknown patterns are listed).
    /// </summary>
    public required ImmutableArray<ActionGrant> Gained { get; init; }

    /// <summary>Actions allowed before but not after (same shape as <see cref="Gained"/>).</summary>
    public required ImmutableArray<ActionGrant> Lost { get; init; }

    /// <summary>True when the principal gained every action of the catalog (see <see cref="GainedCount"/>).</summary>
    public bool AllActionsGained { get; init; }

    /// <summary>True when the principal lost every action of the catalog.</summary>
    public bool AllActionsLost { get; init; }

    /// <summary>How many distinct catalog actions were gained (on some resource scope).</summary>
    public int GainedCount { get; init; }

    /// <summary>How many distinct catalog actions were lost.</summary>
    public int LostCount { get; init; }

    /// <summary>Counts by access level and by service.</summary>
    public required AccessDeltaSummary Summary { get; init; }
}

/// <summary>Counts of distinct gained and lost catalog actions, by access level and by service. Immutable.</summary>
public sealed record AccessDeltaSummary
{
    /// <summary>Gained actions by access level.</summary>
    public required ImmutableSortedDictionary<AccessLevel, int> GainedByLevel { get; init; }

    /// <summary>Lost actions by access level.</summary>
    public required ImmutableSortedDictionary<AccessLevel, int> LostByLevel { get; init; }

    /// <summary>Gained actions by service prefix.</summary>
    public required ImmutableSortedDictionary<string, int> GainedByService { get; init; }

    /// <summary>Lost actions by service prefix.</summary>
    public required ImmutableSortedDictionary<string, int> LostByService { get; init; }
}
