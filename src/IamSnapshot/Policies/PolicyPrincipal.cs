using System.Collections.Immutable;

namespace IamSnapshot.Policies;

/// <summary>
/// The <c>Principal</c> or <c>NotPrincipal</c> element of a statement, normalised: <c>"*"</c> becomes
/// <c>{"AWS":["*"]}</c>, single values become lists, values are distinct and sorted.
/// </summary>
public sealed class PolicyPrincipal : IEquatable<PolicyPrincipal>
{
    /// <summary>Creates a principal element from principal types (<c>AWS</c>, <c>Service</c>, <c>Federated</c>, <c>CanonicalUser</c>) and their values.</summary>
    /// <param name="entries">The principal type and value pairs.</param>
    public PolicyPrincipal(IEnumerable<KeyValuePair<string, IEnumerable<string>>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (type, values) in entries)
        {
            var merged = builder.TryGetValue(type, out var existing) ? existing.Concat(values) : values;
            builder[type] = PolicyStatement.SortedDistinct([.. merged]);
        }

        Entries = builder.ToImmutable();
    }

    /// <summary>The principals by type, sorted by type and value.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<string>> Entries { get; }

    /// <summary>Every principal value paired with its type.</summary>
    public IEnumerable<(string Type, string Value)> All =>
        Entries.SelectMany(entry => entry.Value.Select(value => (entry.Key, value)));

    /// <summary>True when the element admits anyone (<c>"*"</c> or <c>{"AWS":"*"}</c>).</summary>
    public bool IsWildcard => Entries.TryGetValue("AWS", out var aws) && aws.Contains("*");

    /// <inheritdoc />
    public bool Equals(PolicyPrincipal? other) =>
        other is not null
        && Entries.Count == other.Entries.Count
        && Entries.All(entry => other.Entries.TryGetValue(entry.Key, out var values) && values.SequenceEqual(entry.Value, StringComparer.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PolicyPrincipal);

    /// <inheritdoc />
    public override int GetHashCode() => Entries.Count;
}
