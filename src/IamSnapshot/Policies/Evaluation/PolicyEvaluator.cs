using System.Collections.Immutable;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Policies.Evaluation;

/// <summary>
/// Decides one request (an action on a resource) against identity policies and an optional permissions
/// boundary, with IAM's logic for a principal and a resource in the same account: an explicit Deny in
/// either wins; otherwise the identity policies must allow and, when a boundary is set, the boundary must
/// allow too; otherwise the request is implicitly denied. SCPs, RCPs, resource-based and session policies
/// are out of scope.
/// </summary>
/// <remarks>
/// <para>
/// Conditions are never evaluated. A statement with a <c>Condition</c> (or a resource pattern with a policy
/// variable such as <c>${aws:username}</c>) neither allows nor denies: <see cref="EvaluationResult.Decision"/>
/// is the answer of the unconditional statements alone, and <see cref="EvaluationResult.IsConditional"/>
/// says whether the conditional statements could change it.
/// </para>
/// <para>
/// The resource may be a concrete ARN or <c>*</c>, which asks "is the action allowed on at least one
/// resource?". For an action that applies only to <c>*</c> (no resource types, such as
/// <c>s3:ListAllMyBuckets</c>) <c>*</c> is the literal resource. For other actions each resource pattern
/// of an applicable Allow that can name a resource of one of the action's types is tried in turn as a
/// resource pattern: an Allow applies to it when the two patterns can share a resource, a Deny only when
/// its own pattern covers it, and a NotResource excludes it only when one of its patterns covers it. The result is Allowed when one pattern is allowed, ExplicitlyDenied when every tried pattern is
/// explicitly denied, and ImplicitlyDenied otherwise. This is the behaviour of the reference simulator
/// the tests compare with (see tools/oracle).
/// </para>
/// <para>Thread-safe; the catalog's wildcard cache is shared.</para>
/// </remarks>
public sealed class PolicyEvaluator
{
    private readonly ActionCatalog _catalog;

    /// <summary>Creates an evaluator over a catalog.</summary>
    /// <param name="catalog">The action catalog; <see cref="ActionCatalog.Default"/> when null.</param>
    public PolicyEvaluator(ActionCatalog? catalog = null)
    {
        _catalog = catalog ?? ActionCatalog.Default;
    }

    /// <summary>An evaluator over the embedded catalog.</summary>
    public static PolicyEvaluator Default { get; } = new();

    /// <summary>Decides a request.</summary>
    /// <param name="identityPolicies">The principal's identity policies (inline, managed, and its groups' policies).</param>
    /// <param name="permissionsBoundary">The permissions boundary policy, or null when none is set.</param>
    /// <param name="action">The action, for example <c>s3:GetObject</c> (any case).</param>
    /// <param name="resource">The resource ARN, or <c>*</c>.</param>
    /// <returns>The decision.</returns>
    public EvaluationResult Evaluate(IEnumerable<PolicyDocument> identityPolicies, PolicyDocument? permissionsBoundary, string action, string resource) =>
        Evaluate(identityPolicies, permissionsBoundary is null ? null : [permissionsBoundary], action, resource);

    /// <summary>Decides a request with a boundary given as several documents (all must allow together, as one policy).</summary>
    /// <param name="identityPolicies">The principal's identity policies.</param>
    /// <param name="boundaryPolicies">The boundary documents, or null when no boundary is set.</param>
    /// <param name="action">The action.</param>
    /// <param name="resource">The resource ARN, or <c>*</c>.</param>
    /// <returns>The decision.</returns>
    public EvaluationResult Evaluate(IEnumerable<PolicyDocument> identityPolicies, IEnumerable<PolicyDocument>? boundaryPolicies, string action, string resource)
    {
        ArgumentNullException.ThrowIfNull(identityPolicies);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        var identity = identityPolicies.SelectMany(p => p.Statements).ToImmutableArray();
        var boundary = boundaryPolicies?.SelectMany(p => p.Statements).ToImmutableArray();
        action = action.Trim();
        resource = resource.Trim();

        // GetCallerIdentity needs no permission and cannot be denied (AWS STS documentation).
        if (string.Equals(action, "sts:GetCallerIdentity", StringComparison.OrdinalIgnoreCase))
        {
            return new EvaluationResult(Decision.Allowed, false);
        }

        var index = _catalog.IndexOf(action);
        var wildcardOnly = index < 0 || _catalog.IsWildcardOnly(index);
        var strict = Decide(identity, boundary, action, index, resource, wildcardOnly, Mode.Strict);
        var permissive = Decide(identity, boundary, action, index, resource, wildcardOnly, Mode.Permissive);
        var restrictive = Decide(identity, boundary, action, index, resource, wildcardOnly, Mode.Restrictive);
        return new EvaluationResult(strict, strict != permissive || strict != restrictive);
    }

    /// <summary>
    /// The action patterns of a document that name no action of the catalog: a typo, a retired action, or
    /// an action newer than the embedded catalog. A lint result; evaluation still matches them as text.
    /// </summary>
    /// <param name="document">The policy document.</param>
    /// <returns>The unknown patterns (<c>Action</c> and <c>NotAction</c>), sorted and distinct.</returns>
    public ImmutableArray<string> FindUnknownActions(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Statements
            .SelectMany(s => s.Actions.Concat(s.NotActions))
            .Where(_catalog.IsUnknownPattern)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>Which conditional statements count: none (strict), conditional Allows (permissive) or conditional Denies (restrictive).</summary>
    private enum Mode
    {
        Strict,
        Permissive,
        Restrictive,
    }

    private Decision Decide(ImmutableArray<PolicyStatement> identity, ImmutableArray<PolicyStatement>? boundary, string action, int index, string resource, bool wildcardOnly, Mode mode)
    {
        if (resource != "*" || wildcardOnly)
        {
            return Authorize(identity, boundary, action, resource, wildcardOnly, mode);
        }

        // "*" for an action with resource types: is there a resource on which it is allowed?
        var exact = Authorize(identity, boundary, action, resource, wildcardOnly: false, mode);
        if (exact != Decision.Allowed)
        {
            return exact;
        }

        var candidates = CandidatePatterns(identity, action, index);
        var anyImplicit = false;
        var anyExplicit = false;
        foreach (var candidate in candidates)
        {
            var decision = Authorize(identity, boundary, action, candidate, wildcardOnly: false, mode);
            if (decision == Decision.Allowed)
            {
                return Decision.Allowed;
            }

            anyExplicit |= decision == Decision.ExplicitlyDenied;
            anyImplicit |= decision == Decision.ImplicitlyDenied;
        }

        return anyExplicit && !anyImplicit ? Decision.ExplicitlyDenied : Decision.ImplicitlyDenied;
    }

    /// <summary>The resource patterns of the identity Allows for the action that can name a resource of one of its types.</summary>
    private HashSet<string> CandidatePatterns(ImmutableArray<PolicyStatement> identity, string action, int index)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var types = _catalog.ResourceTypesOf(index).ToArray();
        foreach (var statement in identity)
        {
            if (statement.Effect != PolicyEffect.Allow || !ActionMatches(statement, action))
            {
                continue;
            }

            if (!statement.Resources.IsEmpty)
            {
                foreach (var pattern in statement.Resources)
                {
                    if (types.Any(t => ResourceMatcher.FitsResourceType(pattern, _catalog.ResourceTypeArn(t))))
                    {
                        result.Add(pattern);
                    }
                }
            }
            else if (!statement.NotResources.IsEmpty)
            {
                if (!statement.NotResources.Any(nr => nr == "*" || Glob.IsMatch(nr, "*", ignoreCase: false, questionMarkIsWildcard: false)))
                {
                    result.Add("*");
                }
            }
        }

        return result;
    }

    private static Decision Authorize(ImmutableArray<PolicyStatement> identity, ImmutableArray<PolicyStatement>? boundary, string action, string resource, bool wildcardOnly, Mode mode)
    {
        var (identityAllows, identityDenies) = Analyse(identity, action, resource, wildcardOnly, mode);
        if (identityDenies)
        {
            return Decision.ExplicitlyDenied;
        }

        if (boundary is { } b)
        {
            var (boundaryAllows, boundaryDenies) = Analyse(b, action, resource, wildcardOnly, mode);
            if (boundaryDenies)
            {
                return Decision.ExplicitlyDenied;
            }

            if (!boundaryAllows)
            {
                return Decision.ImplicitlyDenied;
            }
        }

        return identityAllows ? Decision.Allowed : Decision.ImplicitlyDenied;
    }

    private static (bool Allows, bool Denies) Analyse(ImmutableArray<PolicyStatement> statements, string action, string resource, bool wildcardOnly, Mode mode)
    {
        bool allows = false, denies = false;
        foreach (var statement in statements)
        {
            if (!ActionMatches(statement, action))
            {
                continue;
            }

            var applies = ResourceMatcher.StatementApplies(statement, resource, wildcardOnly);
            if (applies == Tri.No)
            {
                continue;
            }

            var conditional = applies == Tri.Conditional || statement.IsConditional;
            var counts = !conditional
                || (statement.Effect == PolicyEffect.Allow && mode == Mode.Permissive)
                || (statement.Effect == PolicyEffect.Deny && mode == Mode.Restrictive);
            if (!counts)
            {
                continue;
            }

            if (statement.Effect == PolicyEffect.Deny)
            {
                denies = true;
            }
            else
            {
                allows = true;
            }
        }

        return (allows, denies);
    }

    /// <summary>Whether a statement's <c>Action</c>/<c>NotAction</c> element matches the action (case-insensitive wildcards).</summary>
    internal static bool ActionMatches(PolicyStatement statement, string action)
    {
        if (!statement.Actions.IsEmpty)
        {
            foreach (var pattern in statement.Actions)
            {
                if (ActionPatternMatches(pattern, action))
                {
                    return true;
                }
            }

            return false;
        }

        if (!statement.NotActions.IsEmpty)
        {
            foreach (var pattern in statement.NotActions)
            {
                if (ActionPatternMatches(pattern, action))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    private static bool ActionPatternMatches(string pattern, string action) =>
        pattern == "*" || (pattern.Contains(':', StringComparison.Ordinal) && Glob.IsMatch(pattern, action, ignoreCase: true));
}
