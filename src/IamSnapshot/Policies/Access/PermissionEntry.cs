using System.Collections.Immutable;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Policies.Access;

/// <summary>One policy's share of an entry: which of the entry's actions (and unknown patterns) it grants.</summary>
internal sealed record EntrySource(PolicyReference Reference, ActionSet Actions, ImmutableArray<string> UnknownPatterns);

/// <summary>
/// A group of actions allowed on the same resource scope with the same conditional-ness: the compact form of
/// effective permissions (one entry per distinct scope instead of one item per action). Immutable.
/// </summary>
internal sealed class PermissionEntry
{
    public PermissionEntry(ResourceScope scope, bool conditional, ActionSet actions, ImmutableArray<string> unknownPatterns, ImmutableArray<EntrySource> sources)
    {
        Scope = scope;
        Conditional = conditional;
        Actions = actions;
        UnknownPatterns = unknownPatterns;
        Sources = sources;
    }

    private System.Collections.Concurrent.ConcurrentDictionary<ulong, ImmutableArray<PolicyReference>>? _viaCache;

    public ResourceScope Scope { get; }

    public bool Conditional { get; }

    /// <summary>Catalog actions of the entry.</summary>
    public ActionSet Actions { get; }

    /// <summary>Action patterns (lower-cased) that name no catalog action, kept as written.</summary>
    public ImmutableArray<string> UnknownPatterns { get; }

    public ImmutableArray<EntrySource> Sources { get; }

    public bool IsEmpty => Actions.IsEmpty && UnknownPatterns.IsEmpty;

    /// <summary>The same entry restricted to some actions (and patterns), on a scope, possibly conditional.</summary>
    public PermissionEntry With(ActionSet actions, ImmutableArray<string> unknown, ResourceScope scope, bool conditional)
    {
        if (ReferenceEquals(actions, Actions) && unknown == UnknownPatterns)
        {
            return new PermissionEntry(scope, conditional, actions, unknown, Sources);
        }

        var sources = ImmutableArray.CreateBuilder<EntrySource>(Sources.Length);
        foreach (var s in Sources)
        {
            var a = s.Actions.Intersect(actions);
            var u = s.UnknownPatterns.IsEmpty || unknown.IsEmpty ? [] : s.UnknownPatterns.Intersect(unknown, StringComparer.Ordinal).ToImmutableArray();
            if (!a.IsEmpty || !u.IsEmpty)
            {
                sources.Add(new EntrySource(s.Reference, a, u));
            }
        }

        return new PermissionEntry(scope, conditional, actions, unknown, sources.ToImmutable());
    }

    /// <summary>Merges entries that share scope and conditional-ness, and orders them deterministically.</summary>
    public static ImmutableArray<PermissionEntry> Merge(IEnumerable<PermissionEntry> entries)
    {
        var groups = new Dictionary<(ResourceScope, bool), List<PermissionEntry>>();
        foreach (var e in entries)
        {
            if (e.IsEmpty)
            {
                continue;
            }

            var key = (e.Scope, e.Conditional);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(e);
        }

        var result = new List<PermissionEntry>(groups.Count);
        foreach (var ((scope, conditional), list) in groups)
        {
            if (list.Count == 1)
            {
                result.Add(list[0]);
                continue;
            }

            var unknown = new SortedSet<string>(StringComparer.Ordinal);
            var sources = new Dictionary<PolicyReference, (List<ActionSet> Actions, SortedSet<string> Unknown)>();
            foreach (var e in list)
            {
                unknown.UnionWith(e.UnknownPatterns);
                foreach (var s in e.Sources)
                {
                    if (!sources.TryGetValue(s.Reference, out var existing))
                    {
                        sources[s.Reference] = existing = ([], new SortedSet<string>(StringComparer.Ordinal));
                    }

                    existing.Actions.Add(s.Actions);
                    existing.Unknown.UnionWith(s.UnknownPatterns);
                }
            }

            result.Add(new PermissionEntry(
                scope,
                conditional,
                ActionSet.UnionAll(list.ConvertAll(e => e.Actions)),
                [.. unknown],
                sources.Select(kv => new EntrySource(kv.Key, ActionSet.UnionAll(kv.Value.Actions), [.. kv.Value.Unknown])).OrderBy(s => s.Reference.Policy, StringComparer.Ordinal).ThenBy(s => s.Reference.Group, StringComparer.Ordinal).ToImmutableArray()));
        }

        return result.OrderBy(e => e.Conditional).ThenBy(e => e.Scope.SortKey, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>The policies (of this entry) that grant the catalog action at <paramref name="index"/>.</summary>
    public ImmutableArray<PolicyReference> ViaFor(int index)
    {
        if (Sources.Length > 64)
        {
            return Sources.Where(s => s.Actions.Contains(index)).Select(s => s.Reference).ToImmutableArray();
        }

        // Most actions of an entry share the same few combinations of sources: build each array once.
        var mask = 0UL;
        for (var i = 0; i < Sources.Length; i++)
        {
            if (Sources[i].Actions.Contains(index))
            {
                mask |= 1UL << i;
            }
        }

        var cache = LazyInitializer.EnsureInitialized(ref _viaCache, () => new System.Collections.Concurrent.ConcurrentDictionary<ulong, ImmutableArray<PolicyReference>>());
        return cache.GetOrAdd(mask, m => Sources.Where((_, i) => (m & (1UL << i)) != 0).Select(s => s.Reference).ToImmutableArray());
    }

    /// <summary>The policies (of this entry) that grant the unknown pattern.</summary>
    public ImmutableArray<PolicyReference> ViaFor(string pattern) =>
        Sources.Where(s => s.UnknownPatterns.Contains(pattern, StringComparer.Ordinal)).Select(s => s.Reference).ToImmutableArray();
}
