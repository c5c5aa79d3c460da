using System.Collections.Concurrent;
using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Policies.Catalog;
using IamSnapshot.Policies.Evaluation;

namespace IamSnapshot.Policies.Access;

/// <summary>
/// Computes the effective permissions of the users and roles of a snapshot: the union of their inline and
/// attached managed policies (default version) and, for users, every policy of every group they belong to;
/// intersected with the permissions boundary when one is set; minus explicit Denies. Statements with
/// conditions are kept as conditional grants: shown, never counted as an unconditional allow, and never
/// as a Deny (a conditional Deny turns the allows it could remove into conditional ones).
/// </summary>
/// <remarks>
/// Each policy document is compiled once (wildcards expanded to catalog action sets) and shared by every
/// principal and by both snapshots of an <see cref="AccessDelta"/>; results are grouped by resource scope
/// so that a principal with <c>*</c> costs a few bitsets, not 22,000 items. Resource scopes are kept as
/// ARN patterns: where two patterns only partly overlap (a boundary on <c>b/a*</c> and an allow on
/// <c>b/*x</c>), the allow's pattern is kept, which over-approximates. Thread-safe.
/// </remarks>
public sealed class EffectivePermissionsCalculator
{
    private readonly AccountSnapshot _snapshot;
    private readonly ActionCatalog _catalog;
    private readonly ConcurrentDictionary<string, ImmutableArray<CompiledStatement>> _compiled;

    // Each principal's result, once computed: several rules ask about the same principals (and the access delta
    // computed them first). Keyed by the principal object, which the snapshot owns.
    private readonly ConcurrentDictionary<IamPolicyHolder, EffectivePermissions> _results = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates a calculator for a snapshot.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="catalog">The action catalog; the embedded one when null.</param>
    public EffectivePermissionsCalculator(AccountSnapshot snapshot, ActionCatalog? catalog = null)
        : this(snapshot, catalog ?? ActionCatalog.Default, new ConcurrentDictionary<string, ImmutableArray<CompiledStatement>>(StringComparer.Ordinal))
    {
    }

    internal EffectivePermissionsCalculator(AccountSnapshot snapshot, ActionCatalog catalog, ConcurrentDictionary<string, ImmutableArray<CompiledStatement>> sharedCache)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _snapshot = snapshot;
        _catalog = catalog;
        _compiled = sharedCache;
    }

    /// <summary>The catalog the calculator expands actions with.</summary>
    internal ActionCatalog Catalog => _catalog;

    /// <summary>The effective permissions of every user and role, sorted by ARN.</summary>
    /// <returns>One result per principal.</returns>
    public ImmutableArray<EffectivePermissions> ForAll() =>
        _snapshot.Users.Select(u => For(u)).Concat(_snapshot.Roles.Select(r => For(r))).OrderBy(p => p.PrincipalArn, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>The effective permissions of a user or role.</summary>
    /// <param name="principalArn">The user's or role's ARN.</param>
    /// <returns>The permissions.</returns>
    /// <exception cref="ArgumentException">The snapshot holds no user or role with that ARN.</exception>
    public EffectivePermissions For(string principalArn) => _snapshot.FindEntity(principalArn) switch
    {
        IamUser user => For(user),
        IamRole role => For(role),
        _ => throw new ArgumentException($"The snapshot holds no user or role with the ARN '{principalArn}'.", nameof(principalArn)),
    };

    /// <summary>The policy documents that make up a principal's permissions, in a fixed order, for change detection.</summary>
    internal PrincipalInputs InputsOf(IamPolicyHolder principal)
    {
        var identity = new List<(PolicyReference, PolicyDocument)>();
        var unknown = new List<string>();
        AddHolder(principal, null, identity, unknown);
        if (principal is IamUser user)
        {
            foreach (var groupName in user.GroupNames)
            {
                var group = _snapshot.FindGroupByName(groupName);
                if (group is null)
                {
                    unknown.Add("group:" + groupName);
                    continue;
                }

                AddHolder(group, groupName, identity, unknown);
            }
        }

        var boundaryArn = principal switch
        {
            IamUser u => u.PermissionsBoundary?.PolicyArn,
            IamRole r => r.PermissionsBoundary?.PolicyArn,
            _ => null,
        };
        PolicyDocument? boundary = null;
        if (boundaryArn is not null)
        {
            boundary = _snapshot.FindPolicy(boundaryArn)?.DefaultVersion?.Document;
            if (boundary is null)
            {
                unknown.Add(boundaryArn);
            }
        }

        return new PrincipalInputs(principal, identity, boundaryArn, boundary, unknown);
    }

    internal EffectivePermissions For(IamPolicyHolder principal) =>
        _results.TryGetValue(principal, out var cached) ? cached : For(principal, InputsOf(principal));

    /// <summary>The principal's permissions from inputs already gathered (<see cref="InputsOf"/>), remembered for later calls.</summary>
    internal EffectivePermissions For(IamPolicyHolder principal, PrincipalInputs inputs) =>
        _results.TryGetValue(principal, out var cached) ? cached : _results.GetOrAdd(principal, Compute(inputs));

    internal EffectivePermissions Compute(PrincipalInputs inputs)
    {
        // 1. Allows, grouped by (scope, conditional).
        var entries = new List<PermissionEntry>();
        var denies = new List<CompiledStatement>();
        foreach (var (reference, document) in inputs.Identity)
        {
            foreach (var statement in Compile(document))
            {
                if (statement.Effect == PolicyEffect.Deny)
                {
                    denies.Add(statement);
                }
                else if (!statement.IsEmpty)
                {
                    entries.Add(new PermissionEntry(statement.Scope, statement.Conditional, statement.Actions, statement.UnknownPatterns, [new EntrySource(reference, statement.Actions, statement.UnknownPatterns)]));
                }
            }
        }

        var merged = PermissionEntry.Merge(entries);

        // 2. Explicit Denies of the identity policies.
        merged = ApplyDenies(merged, denies);

        // 3. The boundary: only what it also allows, minus what it denies.
        if (inputs.Boundary is not null)
        {
            var boundaryStatements = Compile(inputs.Boundary);
            var allows = boundaryStatements.Where(s => s.Effect == PolicyEffect.Allow && !s.IsEmpty).ToList();
            var limited = new List<PermissionEntry>();
            foreach (var e in merged)
            {
                foreach (var b in allows)
                {
                    var part = e.Actions.Intersect(b.Actions);
                    var unknown = b.Actions.Equals(_catalog.All)
                        ? e.UnknownPatterns
                        : Shared(e.UnknownPatterns, b.UnknownPatterns);
                    if (part.IsEmpty && unknown.IsEmpty)
                    {
                        continue;
                    }

                    var scope = e.Scope.IntersectWith(b.Scope);
                    if (scope is not null)
                    {
                        limited.Add(e.With(part, unknown, scope, e.Conditional || b.Conditional));
                    }
                }
            }

            merged = ApplyDenies(PermissionEntry.Merge(limited), boundaryStatements.Where(s => s.Effect == PolicyEffect.Deny));
        }

        return new EffectivePermissions(inputs.Principal.Arn, inputs.Principal.Kind, inputs.BoundaryArn, [.. inputs.Unknown.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], merged, _catalog);
    }

    private ImmutableArray<PermissionEntry> ApplyDenies(ImmutableArray<PermissionEntry> entries, IEnumerable<CompiledStatement> denies)
    {
        foreach (var deny in denies)
        {
            var next = new List<PermissionEntry>(entries.Length + 2);
            var changed = false;
            foreach (var e in entries)
            {
                var overlap = e.Actions.Intersect(deny.Actions);
                var deniesAll = deny.Actions.Equals(_catalog.All);
                var unknownHit = deniesAll ? e.UnknownPatterns : Shared(e.UnknownPatterns, deny.UnknownPatterns);
                if ((overlap.IsEmpty && unknownHit.IsEmpty) || !deny.Scope.Overlaps(e.Scope))
                {
                    next.Add(e);
                    continue;
                }

                changed = true;
                var restUnknown = unknownHit.IsEmpty ? e.UnknownPatterns : e.UnknownPatterns.Except(unknownHit, StringComparer.Ordinal).ToImmutableArray();
                var rest = e.Actions.Except(overlap);
                if (!rest.IsEmpty || !restUnknown.IsEmpty)
                {
                    next.Add(e.With(rest, restUnknown, e.Scope, e.Conditional));
                }

                if (deny.Conditional)
                {
                    next.Add(e.With(overlap, unknownHit, e.Scope, conditional: true));
                }
                else if (e.Scope.Subtract(deny.Scope) is { } remaining)
                {
                    next.Add(e.With(overlap, unknownHit, remaining, e.Conditional));
                }
            }

            if (changed)
            {
                entries = PermissionEntry.Merge(next);
            }
        }

        return entries;
    }

    private static ImmutableArray<string> Shared(ImmutableArray<string> a, ImmutableArray<string> b) =>
        a.IsEmpty || b.IsEmpty ? [] : a.Intersect(b, StringComparer.Ordinal).ToImmutableArray();

    private void AddHolder(IamPolicyHolder holder, string? group, List<(PolicyReference, PolicyDocument)> identity, List<string> unknown)
    {
        foreach (var inline in holder.InlinePolicies)
        {
            identity.Add((PolicyReference.Inline(inline.Name, group), inline.Document));
        }

        foreach (var attachment in holder.AttachedPolicies)
        {
            // Deprecated AWS policies stay attached after AWS removes them; the snapshot then lacks them.
            var document = _snapshot.FindPolicy(attachment.PolicyArn)?.DefaultVersion?.Document;
            if (document is null)
            {
                unknown.Add(attachment.PolicyArn);
                continue;
            }

            identity.Add((new PolicyReference(attachment.PolicyArn, group), document));
        }
    }

    internal ImmutableArray<CompiledStatement> Compile(PolicyDocument document) =>
        _compiled.GetOrAdd(document.SemanticKey, _ => CompiledStatement.CompileAll(document, _catalog));
}

/// <summary>What a principal's permissions are made of.</summary>
internal sealed record PrincipalInputs(
    IamPolicyHolder Principal,
    List<(PolicyReference Reference, PolicyDocument Document)> Identity,
    string? BoundaryArn,
    PolicyDocument? Boundary,
    List<string> Unknown)
{
    /// <summary>True when both principals' permissions come from the same documents by the same references.</summary>
    public bool SameAs(PrincipalInputs other) =>
        string.Equals(BoundaryArn, other.BoundaryArn, StringComparison.Ordinal)
        && Equals(Boundary, other.Boundary)
        && Unknown.SequenceEqual(other.Unknown, StringComparer.Ordinal)
        && Identity.Count == other.Identity.Count
        && Identity.Zip(other.Identity).All(p => p.First.Reference == p.Second.Reference && p.First.Document.Equals(p.Second.Document));
}

/// <summary>A statement with its actions expanded against the catalog. Immutable.</summary>
internal sealed record CompiledStatement(PolicyEffect Effect, ActionSet Actions, ImmutableArray<string> UnknownPatterns, ResourceScope Scope, bool Conditional)
{
    public bool IsEmpty => Actions.IsEmpty && UnknownPatterns.IsEmpty;

    public static ImmutableArray<CompiledStatement> CompileAll(PolicyDocument document, ActionCatalog catalog) =>
        document.Statements.Select(s => Compile(s, catalog)).ToImmutableArray();

    private static CompiledStatement Compile(PolicyStatement statement, ActionCatalog catalog)
    {
        ActionSet actions;
        var unknown = ImmutableArray<string>.Empty;
        if (!statement.Actions.IsEmpty)
        {
            // Expanded sets are cached per pattern and cover only their service's words: union them directly.
            actions = ActionSet.Empty;
            var unknownList = new List<string>();
            foreach (var pattern in statement.Actions)
            {
                var set = catalog.Expand(pattern);
                if (set.IsEmpty)
                {
                    unknownList.Add(pattern);
                }
                else
                {
                    actions = actions.Union(set);
                }
            }

            unknown = [.. unknownList];
        }
        else if (!statement.NotActions.IsEmpty)
        {
            var excluded = ActionSet.Empty;
            foreach (var pattern in statement.NotActions)
            {
                excluded = excluded.Union(catalog.Expand(pattern));
            }

            actions = catalog.All.Except(excluded);
        }
        else
        {
            actions = ActionSet.Empty;
        }

        var scope = ResourceScope.Of(statement);
        var conditional = statement.IsConditional
            || scope.Resources.Any(ResourceMatcher.ContainsVariable)
            || scope.NotResources.Any(ResourceMatcher.ContainsVariable);
        return new CompiledStatement(statement.Effect, actions, unknown, scope, conditional);
    }
}
