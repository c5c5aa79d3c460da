using System.Collections.Immutable;

namespace IamSnapshot.Policies;

/// <summary>
/// One condition of a statement: an operator applied to a context key and a set of values.
/// Immutable; equality is semantic (the key is compared case-insensitively, values as a set).
/// </summary>
public sealed record PolicyCondition
{
    /// <summary>Creates a condition.</summary>
    /// <param name="operator">The condition operator, for example <c>StringEquals</c> or <c>ForAnyValue:StringLike</c>.</param>
    /// <param name="key">The context key, for example <c>aws:SourceIp</c>.</param>
    /// <param name="values">The values; order and duplicates do not matter.</param>
    public PolicyCondition(string @operator, string key, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        Operator = @operator;
        Key = key;
        Values = PolicyStatement.SortedDistinct([.. values]);
    }

    /// <summary>The condition operator as written.</summary>
    public string Operator { get; }

    /// <summary>The context key as written (IAM compares keys case-insensitively).</summary>
    public string Key { get; }

    /// <summary>The values, distinct and sorted ordinally.</summary>
    public ImmutableArray<string> Values { get; }

    /// <inheritdoc />
    public bool Equals(PolicyCondition? other) =>
        other is not null
        && string.Equals(Operator, other.Operator, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Key, other.Key, StringComparison.OrdinalIgnoreCase)
        && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Operator), StringComparer.OrdinalIgnoreCase.GetHashCode(Key), Values.Length);
}
