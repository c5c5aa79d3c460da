using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>Facts about policies and principals that several rules share.</summary>
internal static class PolicyFacts
{
    /// <summary>Policies AWS documents as granting full access; recognised by ARN even when the dump lacks their document.</summary>
    private static readonly ImmutableHashSet<string> KnownAdminPolicyNames = ["AdministratorAccess"];

    /// <summary>One policy that applies to a principal, and how it reaches it.</summary>
    public readonly record struct AppliedPolicy(string Via, string PolicyKey, PolicyDocument? Document, string? PolicyArn);

    /// <summary>
    /// Every identity policy that applies to a principal: its inline policies, the default versions of its
    /// attached managed policies, and for a user the same of each group it belongs to.
    /// </summary>
    public static IEnumerable<AppliedPolicy> AppliedPolicies(AccountSnapshot snapshot, IamPolicyHolder holder)
    {
        foreach (var policy in Direct(snapshot, holder, string.Empty))
        {
            yield return policy;
        }

        if (holder is IamUser user)
        {
            foreach (var groupName in user.GroupNames)
            {
                if (snapshot.FindGroupByName(groupName) is { } group)
                {
                    foreach (var policy in Direct(snapshot, group, $"group {groupName}: "))
                    {
                        yield return policy;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The ways a principal holds full administrator access (an unconditional Allow of <c>*</c> on <c>*</c>, or a
    /// known admin policy), as human-readable routes; empty when it holds none. A statement-level view: the
    /// access delta refines it with boundaries and denies.
    /// </summary>
    public static ImmutableArray<string> AdminRoutes(AccountSnapshot snapshot, IamPolicyHolder holder)
    {
        var applied = AppliedPolicies(snapshot, holder).ToList();
        if (applied.Any(p => p.Document is not null && p.Document.Statements.Any(IsDenyAll)))
        {
            return [];
        }

        return applied.Where(GrantsAdmin).Select(p => p.Via).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>True when a group's own policies grant full administrator access.</summary>
    public static bool GroupGrantsAdmin(AccountSnapshot snapshot, IamGroup group) =>
        Direct(snapshot, group, string.Empty).Any(GrantsAdmin);

    /// <summary>The principals an Allow statement of a trust policy admits, with whether a condition limits them.</summary>
    public static IEnumerable<(string Type, string Value, bool Conditional)> TrustedPrincipals(PolicyDocument trust) =>
        trust.Statements
            .Where(s => s.Effect == PolicyEffect.Allow && s.Principal is not null)
            .SelectMany(s => s.Principal!.All.Select(p => (p.Type, p.Value, s.IsConditional)));

    /// <summary>The account a principal ARN belongs to, or null for <c>*</c>, services and federated providers.</summary>
    public static string? AccountOf(string principal)
    {
        var parts = principal.Split(':');
        return parts.Length >= 6 && parts[0] == "arn" && parts[4].Length == 12 && parts[4].All(char.IsAsciiDigit) ? parts[4] : null;
    }

    private static bool GrantsAdmin(AppliedPolicy policy) =>
        policy.Document is { } document
            ? document.Statements.Any(s => s.IsFullAdminAllow)
            : policy.PolicyArn is { } arn && ManagedPolicy.IsAwsManagedArn(arn) && KnownAdminPolicyNames.Contains(arn[(arn.LastIndexOf('/') + 1)..]);

    private static bool IsDenyAll(PolicyStatement statement) =>
        statement.Effect == PolicyEffect.Deny && !statement.IsConditional
        && statement.Actions.Any(a => a is "*" or "*:*") && statement.Resources.Contains("*");

    private static IEnumerable<AppliedPolicy> Direct(AccountSnapshot snapshot, IamPolicyHolder holder, string prefix)
    {
        foreach (var inline in holder.InlinePolicies)
        {
            yield return new AppliedPolicy($"{prefix}inline policy {inline.Name}", $"{holder.Arn}#{inline.Name}", inline.Document, null);
        }

        foreach (var attachment in holder.AttachedPolicies)
        {
            var document = snapshot.FindPolicy(attachment.PolicyArn)?.DefaultVersion?.Document;
            yield return new AppliedPolicy($"{prefix}managed policy {attachment.PolicyName}", attachment.PolicyArn, document, attachment.PolicyArn);
        }
    }
}
