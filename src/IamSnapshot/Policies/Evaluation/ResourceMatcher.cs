using System.Text;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Policies.Evaluation;

/// <summary>Three-valued answer: a policy variable or condition can make a match depend on the request.</summary>
internal enum Tri : byte
{
    No,
    Yes,
    Conditional,
}

/// <summary>How a policy resource pattern relates to a request resource pattern, segment by segment.</summary>
internal enum Overlap : byte
{
    None,
    Equal,
    PolicyIsSubset,
    PolicyIsSuperset,
    Partial,
}

/// <summary>
/// IAM's resource matching. An ARN is six colon-separated segments: <c>arn</c>, partition, service,
/// region, account, and the resource part (which may itself contain colons). The partition, service,
/// region and account segments match one by one, so a wildcard there never spans a colon; in the resource
/// part <c>*</c> spans anything, <c>/</c> and <c>:</c> included. A policy ARN with fewer than six segments
/// is padded with <c>*</c> segments, as IAM treats a trailing wildcard. The resource part is
/// case-sensitive (IAM user names, bucket keys); the other segments are compared case-insensitively.
/// Policy variables (<c>${aws:username}</c>) are unknown: a pattern with a variable matches a request
/// only conditionally, exactly when it would match with the variable replaced by <c>*</c>. The escapes
/// <c>${*}</c>, <c>${?}</c> and <c>${$}</c> are the literal characters.
/// </summary>
internal static class ResourceMatcher
{
    private const int MemoLimit = 200_000;
    private const char LiteralStar = '\uE000';

    // Pattern pairs repeat a lot across the principals of an account: remember the answers.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool> CoversMemo = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool> IntersectMemo = new();
    private const char LiteralQuestion = '\uE001';

    /// <summary>Whether a statement's <c>Resource</c>/<c>NotResource</c> element applies to the request resource.</summary>
    public static Tri StatementApplies(PolicyStatement statement, string request, bool wildcardOnlyAction)
    {
        if (!statement.Resources.IsEmpty)
        {
            var result = Tri.No;
            foreach (var pattern in statement.Resources)
            {
                var m = Single(pattern, notResource: false, statement.Effect, request, wildcardOnlyAction);
                if (m == Tri.Yes)
                {
                    return Tri.Yes;
                }

                if (m == Tri.Conditional)
                {
                    result = Tri.Conditional;
                }
            }

            return result;
        }

        if (!statement.NotResources.IsEmpty)
        {
            // The statement applies when the request is outside every NotResource pattern.
            var result = Tri.Yes;
            foreach (var pattern in statement.NotResources)
            {
                var m = Single(pattern, notResource: true, statement.Effect, request, wildcardOnlyAction);
                if (m == Tri.Yes)
                {
                    return Tri.No;
                }

                if (m == Tri.Conditional)
                {
                    result = Tri.Conditional;
                }
            }

            return result;
        }

        // No Resource element: trust policies. Identity policies always have one.
        return Tri.Yes;
    }

    /// <summary>
    /// Whether one policy resource pattern "matches" the request resource. For a concrete ARN this is plain
    /// matching. For <c>*</c> and wildcard request patterns (the question "on some resource?") the answer
    /// depends on the element and effect, so that Allow errs towards applying and Deny towards covering:
    /// see docs in <see cref="PolicyEvaluator"/>.
    /// </summary>
    public static Tri Single(string policy, bool notResource, PolicyEffect effect, string request, bool wildcardOnlyAction)
    {
        if (policy == "*")
        {
            return Tri.Yes;
        }

        if (!policy.StartsWith("arn:", StringComparison.Ordinal))
        {
            // Not an ARN: IAM rejects such a policy; it never matches.
            return Tri.No;
        }

        policy = PadShortArn(policy);
        if (request == "*")
        {
            // A wildcard-only action is requested on the literal "*", which no specific ARN equals.
            if (wildcardOnlyAction)
            {
                return Tri.No;
            }

            return (effect, notResource) switch
            {
                (PolicyEffect.Allow, false) => Tri.Yes,
                (PolicyEffect.Deny, true) => Tri.Yes,
                _ => Tri.No,
            };
        }

        var hasVariable = ContainsVariable(policy);
        if (request.Contains('*', StringComparison.Ordinal))
        {
            var overlap = PatternOverlap(policy, request);
            var applies = (effect, notResource) switch
            {
                (PolicyEffect.Allow, false) => !overlap.Contains(Overlap.None),
                (PolicyEffect.Deny, false) => overlap.All(o => o is Overlap.Equal or Overlap.PolicyIsSuperset),
                (PolicyEffect.Allow, true) => overlap.All(o => o is Overlap.Equal or Overlap.PolicyIsSuperset),
                _ => !overlap.Contains(Overlap.None),
            };
            return !applies ? Tri.No : hasVariable ? Tri.Conditional : Tri.Yes;
        }

        return MatchesConcrete(policy, request);
    }

    /// <summary>Matches a policy ARN pattern against a concrete request ARN.</summary>
    public static Tri MatchesConcrete(string policy, string request)
    {
        var p = SplitArn(policy);
        var r = SplitArn(request);
        if (p is null || r is null)
        {
            return Tri.No;
        }

        for (var i = 0; i < 4; i++)
        {
            if (!Glob.IsMatch(p[i], r[i], ignoreCase: true))
            {
                return Tri.No;
            }
        }

        var (pattern, hasVariable) = PrepareResourcePattern(p[4]);
        var text = r[4].AsSpan().IndexOfAny('*', '?') >= 0 ? r[4].Replace('*', LiteralStar).Replace('?', LiteralQuestion) : r[4];
        if (!Glob.IsMatch(pattern, text, ignoreCase: false))
        {
            return Tri.No;
        }

        return hasVariable ? Tri.Conditional : Tri.Yes;
    }

    /// <summary>True when <paramref name="outer"/> matches every resource <paramref name="inner"/> can name (textual cover).</summary>
    public static bool Covers(string outer, string inner)
    {
        if (outer == "*" || string.Equals(outer, inner, StringComparison.Ordinal))
        {
            return true;
        }

        return Memo(CoversMemo, outer, inner, CoversUncached);
    }

    /// <summary>True when some resource could match both patterns.</summary>
    public static bool Intersect(string a, string b)
    {
        if (a == "*" || b == "*" || string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        return Memo(IntersectMemo, a, b, IntersectUncached);
    }

    private static bool Memo(System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool> memo, string a, string b, Func<string, string, bool> compute)
    {
        if (memo.TryGetValue((a, b), out var known))
        {
            return known;
        }

        var result = compute(a, b);
        if (memo.Count > MemoLimit)
        {
            memo.Clear();
        }

        memo.TryAdd((a, b), result);
        return result;
    }

    private static bool CoversUncached(string outer, string inner)
    {
        if (inner == "*" || !outer.StartsWith("arn:", StringComparison.Ordinal) || !inner.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        return PatternOverlap(PadShortArn(outer), PadShortArn(inner)).All(o => o is Overlap.Equal or Overlap.PolicyIsSuperset);
    }

    private static bool IntersectUncached(string a, string b)
    {
        if (!a.StartsWith("arn:", StringComparison.Ordinal) || !b.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var pa = SplitArn(PadShortArn(a));
        var pb = SplitArn(PadShortArn(b));
        if (pa is null || pb is null)
        {
            return false;
        }

        for (var i = 0; i < 5; i++)
        {
            if (!PatternAutomaton.Intersects(PatternAutomaton.FromWildcardPattern(pa[i], true), PatternAutomaton.FromWildcardPattern(pb[i], true), ignoreCase: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a policy resource can name a resource of the type whose ARN format is given
    /// (<c>arn:${Partition}:s3:::${BucketName}/${ObjectName}</c>).
    /// </summary>
    public static bool FitsResourceType(string policy, string typeArn)
    {
        if (policy == "*")
        {
            return true;
        }

        var p = SplitArn(PadShortArn(policy));
        var t = SplitArn(typeArn);
        if (p is null || t is null)
        {
            return false;
        }

        for (var i = 0; i < 5; i++)
        {
            if (t[i] == "*")
            {
                continue;
            }

            if (p[i].Length == 0 || t[i].Length == 0)
            {
                if (!string.Equals(p[i], t[i], StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                continue;
            }

            if (!PatternAutomaton.Intersects(PatternAutomaton.FromWildcardPattern(p[i], true), PatternAutomaton.FromResourceTypeComponent(t[i]), ignoreCase: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Pads an ARN with fewer than six segments with <c>*</c> segments.</summary>
    public static string PadShortArn(string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return arn;
        }

        var colons = arn.AsSpan().Count(':');
        if (colons >= 5)
        {
            return arn;
        }

        var sb = new StringBuilder(arn);
        for (var i = colons; i < 5; i++)
        {
            sb.Append(":*");
        }

        return sb.ToString();
    }

    /// <summary>True when the text holds a policy variable other than the escapes <c>${*}</c>, <c>${?}</c>, <c>${$}</c>.</summary>
    public static bool ContainsVariable(string text)
    {
        var i = text.IndexOf("${", StringComparison.Ordinal);
        while (i >= 0)
        {
            var end = text.IndexOf('}', i + 2);
            if (end < 0)
            {
                return false;
            }

            var inner = text.AsSpan(i + 2, end - i - 2);
            if (!(inner is "*" or "?" or "$"))
            {
                return true;
            }

            i = text.IndexOf("${", end, StringComparison.Ordinal);
        }

        return false;
    }

    /// <summary>Splits an ARN into partition, service, region, account and resource part; null when it has fewer than six segments.</summary>
    internal static string[]? SplitArn(string arn)
    {
        var parts = new string[5];
        var start = arn.IndexOf(':', StringComparison.Ordinal) + 1;
        if (start <= 0)
        {
            return null;
        }

        for (var i = 0; i < 4; i++)
        {
            var colon = arn.IndexOf(':', start);
            if (colon < 0)
            {
                return null;
            }

            parts[i] = arn[start..colon];
            start = colon + 1;
        }

        parts[4] = arn[start..];
        return parts;
    }

    /// <summary>Segment-by-segment relation of a policy pattern to a request pattern (both ARNs).</summary>
    internal static Overlap[] PatternOverlap(string policy, string request)
    {
        var p = SplitArn(policy);
        var r = SplitArn(request);
        if (p is null || r is null)
        {
            return [Overlap.None];
        }

        var result = new Overlap[5];
        for (var i = 0; i < 5; i++)
        {
            result[i] = SegmentOverlap(p[i], r[i]);
        }

        return result;
    }

    /// <summary>
    /// How a policy segment (wildcards <c>*</c> and <c>?</c>) relates to a request segment (wildcard
    /// <c>*</c> only; a request never uses <c>?</c> as a wildcard).
    /// </summary>
    internal static Overlap SegmentOverlap(string policy, string request)
    {
        if (string.Equals(policy, request, StringComparison.Ordinal))
        {
            return Overlap.Equal;
        }

        if (Glob.IsMatch(request, policy, ignoreCase: false, questionMarkIsWildcard: false))
        {
            return Overlap.PolicyIsSubset;
        }

        if (Glob.IsMatch(policy, request, ignoreCase: false))
        {
            return Overlap.PolicyIsSuperset;
        }

        return PatternAutomaton.Intersects(PatternAutomaton.FromWildcardPattern(policy, true), PatternAutomaton.FromWildcardPattern(request, false), ignoreCase: false)
            ? Overlap.Partial
            : Overlap.None;
    }

    private static (string Pattern, bool HasVariable) PrepareResourcePattern(string pattern)
    {
        if (!pattern.Contains("${", StringComparison.Ordinal))
        {
            return (pattern, false);
        }

        var sb = new StringBuilder(pattern.Length);
        var hasVariable = false;
        for (var i = 0; i < pattern.Length;)
        {
            if (pattern[i] == '$' && i + 1 < pattern.Length && pattern[i + 1] == '{')
            {
                var end = pattern.IndexOf('}', i + 2);
                if (end > 0)
                {
                    var inner = pattern.AsSpan(i + 2, end - i - 2);
                    switch (inner)
                    {
                        case "*":
                            sb.Append(LiteralStar);
                            break;
                        case "?":
                            sb.Append(LiteralQuestion);
                            break;
                        case "$":
                            sb.Append('$');
                            break;
                        default:
                            // Unknown value: any text may stand here, so the match is conditional.
                            sb.Append('*');
                            hasVariable = true;
                            break;
                    }

                    i = end + 1;
                    continue;
                }
            }

            sb.Append(pattern[i]);
            i++;
        }

        return (sb.ToString(), hasVariable);
    }
}
