using System.Collections.Immutable;
using IamSnapshot.Policies.Evaluation;

namespace IamSnapshot.Policies.Access;

/// <summary>
/// The resources a grant applies to: the <see cref="Resources"/> patterns minus the
/// <see cref="NotResources"/> patterns. A <c>NotResource</c> statement is <c>*</c> minus its list.
/// Immutable, compared by value (sorted, distinct lists).
/// </summary>
internal sealed class ResourceScope : IEquatable<ResourceScope>
{
    private readonly string _key;

    private ResourceScope(ImmutableArray<string> resources, ImmutableArray<string> notResources)
    {
        Resources = resources;
        NotResources = notResources;
        _key = string.Join('\u0001', resources) + '\u0002' + string.Join('\u0001', notResources);
    }

    /// <summary>Every resource.</summary>
    public static ResourceScope All { get; } = new(["*"], []);

    public ImmutableArray<string> Resources { get; }

    /// <summary>A string that orders and identifies the scope.</summary>
    public string SortKey => _key;

    public ImmutableArray<string> NotResources { get; }

    public bool IsAll => NotResources.IsEmpty && Resources.Length == 1 && Resources[0] == "*";

    public static ResourceScope Create(IEnumerable<string> resources, IEnumerable<string> notResources)
    {
        var r = resources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        if (r.Contains("*"))
        {
            r = ["*"];
        }

        var n = notResources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        return r.Length == 1 && r[0] == "*" && n.IsEmpty ? All : new ResourceScope(r, n);
    }

    /// <summary>The scope of a statement.</summary>
    public static ResourceScope Of(PolicyStatement statement) =>
        !statement.NotResources.IsEmpty ? Create(["*"], statement.NotResources) : Create(statement.Resources, []);

    /// <summary>True when every resource of <paramref name="inner"/> is in this scope.</summary>
    public bool Covers(ResourceScope inner)
    {
        if (IsAll || Equals(inner))
        {
            return true;
        }

        foreach (var r in inner.Resources)
        {
            if (!Resources.Any(o => ResourceMatcher.Covers(o, r)))
            {
                return false;
            }
        }

        // Our exclusions must also be excluded (or never reached) by the inner scope.
        foreach (var x in NotResources)
        {
            if (inner.Resources.Any(r => ResourceMatcher.Intersect(r, x)) && !inner.NotResources.Any(y => ResourceMatcher.Covers(y, x)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The resources in both scopes, or null when they share none. Two patterns of which neither covers the
    /// other but that overlap keep the first one (an over-approximation: IAM would allow only their overlap).
    /// </summary>
    public ResourceScope? IntersectWith(ResourceScope other)
    {
        if (other.IsAll)
        {
            return this;
        }

        if (IsAll)
        {
            return other;
        }

        var resources = new List<string>();
        foreach (var a in Resources)
        {
            foreach (var b in other.Resources)
            {
                if (ResourceMatcher.Covers(b, a))
                {
                    resources.Add(a);
                }
                else if (ResourceMatcher.Covers(a, b))
                {
                    resources.Add(b);
                }
                else if (ResourceMatcher.Intersect(a, b))
                {
                    resources.Add(a);
                }
            }
        }

        return resources.Count == 0 ? null : Create(resources, NotResources.Concat(other.NotResources));
    }

    /// <summary>
    /// What remains of this scope after a Deny on <paramref name="deny"/>: null when nothing remains. A Deny
    /// that covers a pattern removes it; one that only overlaps it adds an exclusion.
    /// </summary>
    public ResourceScope? Subtract(ResourceScope deny)
    {
        if (deny.IsAll)
        {
            return null;
        }

        if (!deny.NotResources.IsEmpty)
        {
            // "Deny everything except X": what remains is our part of X.
            return IntersectWith(Create(deny.NotResources, []));
        }

        var kept = new List<string>();
        var excluded = new List<string>(NotResources);
        foreach (var r in Resources)
        {
            if (deny.Resources.Any(d => ResourceMatcher.Covers(d, r)))
            {
                continue;
            }

            kept.Add(r);
            excluded.AddRange(deny.Resources.Where(d => ResourceMatcher.Intersect(d, r)));
        }

        return kept.Count == 0 ? null : Create(kept, excluded);
    }

    /// <summary>True when the two scopes can share a resource.</summary>
    public bool Overlaps(ResourceScope other) =>
        Resources.Any(a => other.Resources.Any(b => ResourceMatcher.Intersect(a, b)));

    public bool Equals(ResourceScope? other) => other is not null && string.Equals(_key, other._key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ResourceScope);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_key);

    public override string ToString() => NotResources.IsEmpty ? string.Join(", ", Resources) : $"{string.Join(", ", Resources)} except {string.Join(", ", NotResources)}";
}
