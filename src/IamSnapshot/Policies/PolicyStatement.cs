using System.Collections.Immutable;

namespace IamSnapshot.Policies;

/// <summary>
/// One statement of a policy document, normalised: every list element is a list, actions are
/// lower-cased (IAM compares them case-insensitively), lists are distinct and sorted ordinally,
/// conditions sorted by operator and key. Immutable.
/// </summary>
public sealed class PolicyStatement
{
    // Computed on first use (sorting a document's statements, its semantic key); a race computes it twice, harmlessly.
    private string? _semanticJson;

    /// <summary>Creates a statement. Lists are normalised here, so callers may pass them in any order.</summary>
    /// <param name="sid">The statement id, or null.</param>
    /// <param name="effect">Allow or Deny.</param>
    /// <param name="actions">The <c>Action</c> values (empty when the statement uses <c>NotAction</c>).</param>
    /// <param name="notActions">The <c>NotAction</c> values.</param>
    /// <param name="resources">The <c>Resource</c> values.</param>
    /// <param name="notResources">The <c>NotResource</c> values.</param>
    /// <param name="principal">The <c>Principal</c> element, or null.</param>
    /// <param name="notPrincipal">The <c>NotPrincipal</c> element, or null.</param>
    /// <param name="conditions">The conditions.</param>
    public PolicyStatement(
        string? sid,
        PolicyEffect effect,
        IEnumerable<string> actions,
        IEnumerable<string> notActions,
        IEnumerable<string> resources,
        IEnumerable<string> notResources,
        PolicyPrincipal? principal,
        PolicyPrincipal? notPrincipal,
        IEnumerable<PolicyCondition> conditions)
    {
        Sid = sid;
        Effect = effect;
        Actions = NormaliseActions(actions);
        NotActions = NormaliseActions(notActions);
        Resources = NormaliseValues(resources);
        NotResources = NormaliseValues(notResources);
        Principal = principal;
        NotPrincipal = notPrincipal;
        var conditionList = conditions as IReadOnlyCollection<PolicyCondition> ?? conditions.ToList();
        Conditions = conditionList.Count <= 1
            ? [.. conditionList]
            : conditionList
            .Distinct()
            .OrderBy(c => c.Operator, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => string.Join('\u0001', c.Values), StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>The statement id, which has no effect on access.</summary>
    public string? Sid { get; }

    /// <summary>Allow or Deny.</summary>
    public PolicyEffect Effect { get; }

    /// <summary>The <c>Action</c> patterns, lower-cased, distinct, sorted.</summary>
    public ImmutableArray<string> Actions { get; }

    /// <summary>The <c>NotAction</c> patterns, lower-cased, distinct, sorted.</summary>
    public ImmutableArray<string> NotActions { get; }

    /// <summary>The <c>Resource</c> patterns, distinct, sorted (ARNs are case-sensitive).</summary>
    public ImmutableArray<string> Resources { get; }

    /// <summary>The <c>NotResource</c> patterns, distinct, sorted.</summary>
    public ImmutableArray<string> NotResources { get; }

    /// <summary>The <c>Principal</c> element (trust and resource policies), or null.</summary>
    public PolicyPrincipal? Principal { get; }

    /// <summary>The <c>NotPrincipal</c> element, or null.</summary>
    public PolicyPrincipal? NotPrincipal { get; }

    /// <summary>The conditions, sorted by operator and key.</summary>
    public ImmutableArray<PolicyCondition> Conditions { get; }

    /// <summary>True when the statement has at least one condition, so it applies only to some requests.</summary>
    public bool IsConditional => !Conditions.IsEmpty;

    /// <summary>True when the statement names actions with <c>NotAction</c>.</summary>
    public bool UsesNotAction => Actions.IsEmpty && !NotActions.IsEmpty;

    /// <summary>True when the statement names resources with <c>NotResource</c>.</summary>
    public bool UsesNotResource => Resources.IsEmpty && !NotResources.IsEmpty;

    /// <summary>True for an Allow of <c>*</c> on <c>*</c> without conditions: full administrator access.</summary>
    public bool IsFullAdminAllow =>
        Effect == PolicyEffect.Allow && !IsConditional
        && Actions.Any(a => a is "*" or "*:*")
        && Resources.Contains("*");

    /// <summary>
    /// True when this statement and <paramref name="other"/> have the same effect on access: everything
    /// but the <see cref="Sid"/> is compared.
    /// </summary>
    /// <param name="other">The statement to compare with.</param>
    /// <returns>Whether the two statements are semantically equal.</returns>
    public bool SemanticallyEquals(PolicyStatement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Effect == other.Effect
            && Actions.SequenceEqual(other.Actions, StringComparer.Ordinal)
            && NotActions.SequenceEqual(other.NotActions, StringComparer.Ordinal)
            && Resources.SequenceEqual(other.Resources, StringComparer.Ordinal)
            && NotResources.SequenceEqual(other.NotResources, StringComparer.Ordinal)
            && Equals(Principal, other.Principal)
            && Equals(NotPrincipal, other.NotPrincipal)
            && Conditions.SequenceEqual(other.Conditions);
    }

    /// <summary>The statement's compact JSON without its Sid: its sort key within a document and its part of the document's semantic key.</summary>
    internal string SemanticJson => _semanticJson ??= PolicyJsonWriter.WriteStatement(this, includeIdentifiers: false);

    /// <summary>
    /// True when both statements write the same <see cref="SemanticJson"/>, decided without writing it: every field
    /// it contains is compared ordinally (stricter than <see cref="SemanticallyEquals"/>, which ignores the case
    /// of condition operators and keys).
    /// </summary>
    internal bool SameSemanticContent(PolicyStatement other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Effect != other.Effect
            || !Same(Actions, other.Actions)
            || !Same(NotActions, other.NotActions)
            || !Same(Resources, other.Resources)
            || !Same(NotResources, other.NotResources)
            || !Equals(Principal, other.Principal)
            || !Equals(NotPrincipal, other.NotPrincipal)
            || Conditions.Length != other.Conditions.Length)
        {
            return false;
        }

        for (var i = 0; i < Conditions.Length; i++)
        {
            var (a, b) = (Conditions[i], other.Conditions[i]);
            if (!string.Equals(a.Operator, b.Operator, StringComparison.Ordinal) || !string.Equals(a.Key, b.Key, StringComparison.Ordinal) || !Same(a.Values, b.Values))
            {
                return false;
            }
        }

        return true;

        static bool Same(ImmutableArray<string> x, ImmutableArray<string> y) => x.AsSpan().SequenceEqual(y.AsSpan());
    }

    private static ImmutableArray<string> NormaliseActions(IEnumerable<string> values)
    {
        var list = new List<string>();
        foreach (var value in values)
        {
            list.Add(value.Trim().ToLowerInvariant());
        }

        return SortedDistinct(list);
    }

    private static ImmutableArray<string> NormaliseValues(IEnumerable<string> values) => SortedDistinct([.. values]);

    /// <summary>
    /// The values distinct and sorted ordinally (what <c>Distinct().Order()</c> gives) without a hash set: the lists of a
    /// statement are short, and documents have hundreds of thousands of them.
    /// </summary>
    internal static ImmutableArray<string> SortedDistinct(List<string> values)
    {
        switch (values.Count)
        {
            case 0:
                return [];
            case 1:
                return [values[0]];
        }

        values.Sort(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<string>(values.Count);
        result.Add(values[0]);
        for (var i = 1; i < values.Count; i++)
        {
            if (!string.Equals(values[i], values[i - 1], StringComparison.Ordinal))
            {
                result.Add(values[i]);
            }
        }

        return result.Count == result.Capacity ? result.MoveToImmutable() : result.ToImmutable();
    }
}
