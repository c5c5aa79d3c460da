using System.Collections.Immutable;
using System.Globalization;

namespace IamSnapshot.Rules;

/// <summary>
/// Options of one rule from configuration (for example <c>maxAgeDays</c> or <c>trustedAccounts</c>). Values are
/// kept as text and lists of text; typed getters fall back to the rule's default. Immutable.
/// </summary>
public sealed class RuleOptions
{
    /// <summary>No options: every rule uses its defaults.</summary>
    public static readonly RuleOptions Empty = new(ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    /// <summary>Creates options.</summary>
    /// <param name="values">Option names and their values.</param>
    public RuleOptions(IReadOnlyDictionary<string, ImmutableArray<string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values.ToImmutableSortedDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Option names and values.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<string>> Values { get; }

    /// <summary>Gets a whole-number option.</summary>
    /// <param name="name">The option name.</param>
    /// <param name="defaultValue">The value when the option is not set.</param>
    /// <returns>The value.</returns>
    public int GetInt(string name, int defaultValue) =>
        Values.TryGetValue(name, out var values) && values.Length == 1 && int.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : defaultValue;

    /// <summary>Gets a list option.</summary>
    /// <param name="name">The option name.</param>
    /// <returns>The values, or an empty list when not set.</returns>
    public ImmutableArray<string> GetList(string name) => Values.TryGetValue(name, out var values) ? values : [];
}
