using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Policies.Access;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>Shared helpers for rules that read effective permissions and the access delta.</summary>
internal static class AccessFacts
{
    /// <summary>Principals whose access changed and that the account controls, with their permissions before and after.</summary>
    public static IEnumerable<(PrincipalAccessDelta Delta, IamPolicyHolder Principal, EffectivePermissions? Before, EffectivePermissions After)> ChangedPrincipals(ChangeRuleContext context)
    {
        // Principals whose access changed, plus principals that changed (or whose group changed) but whose delta is
        // empty because the policy they gained is missing from the dump: AdministratorAccess often is.
        var deltas = context.Diff.AccessDelta.Where(d => d.ExistsAfter).ToDictionary(d => d.Arn, StringComparer.Ordinal);
        var changedGroups = context.Diff.Changes.Where(c => c.EntityType == EntityKind.Group).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var candidates = deltas.Keys
            .Concat(context.Diff.Changes.Where(c => c.After is IamUser or IamRole).Select(c => c.Arn))
            .Concat(changedGroups.SelectMany(g => context.After.MembersOf(g)).Select(u => u.Arn))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var arn in candidates)
        {
            if (context.After.FindEntity(arn) is not IamPolicyHolder principal || principal is IamGroup || DiffingFacts.IsAwsOwned(principal))
            {
                continue;
            }

            var old = context.Before.FindEntity(arn) as IamPolicyHolder;
            var before = old is not null && old.UniqueId == principal.UniqueId ? context.Diff.BeforePermissions.For(arn) : null;
            var delta = deltas.GetValueOrDefault(arn) ?? Empty(principal);
            yield return (delta, principal, before, context.Diff.AfterPermissions.For(arn));
        }
    }

    private static PrincipalAccessDelta Empty(IamPolicyHolder principal) => new()
    {
        Arn = principal.Arn,
        Kind = principal.Kind,
        ExistsAfter = true,
        Gained = [],
        Lost = [],
        Summary = new AccessDeltaSummary
        {
            GainedByLevel = ImmutableSortedDictionary<AccessLevel, int>.Empty,
            LostByLevel = ImmutableSortedDictionary<AccessLevel, int>.Empty,
            GainedByService = ImmutableSortedDictionary<string, int>.Empty,
            LostByService = ImmutableSortedDictionary<string, int>.Empty,
        },
    };

    /// <summary>
    /// Admin-equivalent by effective permissions, or through AdministratorAccess when the dump lacks that policy's
    /// document (real dumps filtered to customer policies do): the ARN is AWS's and means full access.
    /// </summary>
    public static bool IsAdmin(EffectivePermissions permissions, AccountSnapshot snapshot, IamPolicyHolder principal) =>
        AccessAnalysis.IsAdminEquivalent(permissions)
        || (permissions.UnknownReferences.Any(r => r.EndsWith(":policy/AdministratorAccess", StringComparison.Ordinal)) && !PolicyFacts.AdminRoutes(snapshot, principal).IsEmpty);

    /// <summary>
    /// The escalation sets a principal satisfies on resources it could exploit: a grant limited to AWS's own
    /// namespace (<c>arn:aws:iam::aws:policy/…</c>, AWS-managed policies nobody can write) does not count.
    /// </summary>
    public static ImmutableArray<PrivilegeEscalationSet> ExploitableSets(EffectivePermissions permissions)
    {
        var sets = AccessAnalysis.SatisfiedEscalationSets(permissions);
        if (sets.IsEmpty)
        {
            return sets;
        }

        // Asked of the entries by catalog index, action by action: listing every grant of a principal with wide
        // wildcards (tens of thousands) to find a dozen actions made this the slowest posture rule by far.
        var catalog = permissions.Catalog;
        var known = new Dictionary<int, bool>();
        bool Exploitable(string action)
        {
            var index = catalog.IndexOf(action);
            if (index < 0)
            {
                return false;
            }

            if (!known.TryGetValue(index, out var exploitable))
            {
                exploitable = permissions.Entries.Any(e => !e.Conditional && e.Actions.Contains(index)
                    && (e.Scope.Resources.IsEmpty || e.Scope.Resources.Any(r => !IsAwsOwnedResource(r))));
                known[index] = exploitable;
            }

            return exploitable;
        }

        return sets.Where(s => s.Actions.All(Exploitable)).ToImmutableArray();
    }

    private static bool IsAwsOwnedResource(string resource)
    {
        var parts = resource.Split(':');
        return parts.Length >= 6 && parts[2] == "iam" && parts[4] == "aws";
    }

    /// <summary>The policies (and groups) that grant the gained actions, for messages.</summary>
    public static string Via(IEnumerable<ActionGrant> grants) =>
        string.Join("; ", grants.SelectMany(g => g.Via).Select(v => v.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(5));
}

/// <summary>IAM1018: a principal became admin-equivalent through its effective permissions (replaces IAM1001).</summary>
internal sealed class BecameAdminEquivalentRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1018",
        "Principal became admin-equivalent",
        "{0} {1} is now admin-equivalent (every action, or every IAM action, on every resource, unconditionally) through {2}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.Critical,
        "A user or role that was not admin-equivalent now is, judged on its effective permissions: inline and attached policies, every group's policies, intersected with its permissions boundary, minus explicit Denies. Any route counts: a policy attached, a new default policy version, a group membership, a removed boundary or a removed Deny. Full IAM access counts as administrator because it can grant itself anything. Confirm the grant was approved; otherwise revert it and find who made it (--cloudtrail). Suppress break-glass principals by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var (delta, principal, before, after) in AccessFacts.ChangedPrincipals(context))
        {
            var old = before is null ? null : context.Before.FindEntity(principal.Arn) as IamPolicyHolder;
            if (!AccessFacts.IsAdmin(after, context.After, principal) || (before is not null && old is not null && AccessFacts.IsAdmin(before, context.Before, old)))
            {
                continue;
            }

            // The statement-level routes name the policy and group; fall back to the delta's own references.
            var routes = PolicyFacts.AdminRoutes(context.After, principal);
            var via = routes.IsEmpty ? AccessFacts.Via(delta.Gained) : string.Join("; ", routes);
            context.Report(principal.Arn, principal.Kind, "admin-equivalent", null, NewAdministratorRule.KindName(principal.Kind), principal.Name, via.Length > 0 ? via : "its effective permissions");
        }
    }
}

/// <summary>IAM1019: a principal newly satisfies a known privilege-escalation permission set.</summary>
internal sealed class GainedEscalationPathRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1019",
        "New privilege-escalation path",
        "{0} {1} can now escalate its privileges: {2}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.High,
        "The principal's effective permissions now include every action of a known single-step privilege-escalation set (see docs/privilege-escalation-sets.md for the list and its public sources: Rhino Security Labs, pathfinding.cloud, Cloudsplaining, Prowler, PMapper), for example iam:CreatePolicyVersion, or iam:PassRole with ec2:RunInstances. With them the principal can make itself, or a resource it controls, more powerful than intended. Admin-equivalent principals are reported by IAM1018 instead. Remove one action of each set, or restrict its resources. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var (_, principal, before, after) in AccessFacts.ChangedPrincipals(context))
        {
            if (AccessAnalysis.IsAdminEquivalent(after))
            {
                continue;
            }

            var old = before is null ? [] : AccessFacts.ExploitableSets(before).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var gained = AccessFacts.ExploitableSets(after).Where(s => !old.Contains(s.Id)).ToList();
            if (gained.Count > 0)
            {
                var text = string.Join("; ", gained.Take(6).Select(s => $"{s.Id} ({string.Join(" + ", s.Actions)})")) + (gained.Count > 6 ? $"; and {gained.Count - 6} more" : string.Empty);
                context.Report(principal.Arn, principal.Kind, "escalation:" + string.Join(",", gained.Select(s => s.Id)), null, NewAdministratorRule.KindName(principal.Kind), principal.Name, text);
            }
        }
    }
}

/// <summary>IAM1020: a principal gained Permissions-management actions.</summary>
internal sealed class GainedPermissionsManagementRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1020",
        "Gained permissions-management actions",
        "{0} {1} can now perform {2} permissions-management action(s), such as {3}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.Medium,
        "Permissions-management actions (AWS's access level for actions that change who can do what: put a bucket policy, a key policy, an IAM policy, share a resource) let the principal grant access to others, or to itself. The access delta lists them with their resources and the policies that grant them. Admin-equivalent principals are reported by IAM1018 instead. Confirm the principal's job needs them. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var (delta, principal, _, after) in AccessFacts.ChangedPrincipals(context))
        {
            if (AccessAnalysis.IsAdminEquivalent(after))
            {
                continue;
            }

            var gained = delta.Gained.Where(g => g.Level == AccessLevel.PermissionsManagement && !g.Conditional).Select(g => g.Action).Distinct(StringComparer.Ordinal).ToList();
            if (gained.Count > 0)
            {
                context.Report(principal.Arn, principal.Kind, "permissions-management", null, NewAdministratorRule.KindName(principal.Kind), principal.Name, gained.Count, string.Join(", ", gained.Take(5)));
            }
        }
    }
}

/// <summary>IAM1021: a principal gained actions that return credentials.</summary>
internal sealed class GainedCredentialActionsRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1021",
        "Gained credential-returning actions",
        "{0} {1} can now call actions that return credentials: {2}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.High,
        "Some actions hand back credentials: new access keys (iam:CreateAccessKey), console passwords (iam:CreateLoginProfile), temporary credentials (sts:AssumeRole, sts:GetFederationToken), registry or database tokens, SSH keys pushed to instances. On other principals' resources they are a direct route to impersonation. Admin-equivalent principals are reported by IAM1018 instead. Restrict the resources to the principal's own. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        var credentialActions = AccessAnalysis.CredentialReturningActions.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (delta, principal, _, after) in AccessFacts.ChangedPrincipals(context))
        {
            if (AccessAnalysis.IsAdminEquivalent(after))
            {
                continue;
            }

            var gained = delta.Gained.Where(g => !g.Conditional && credentialActions.Contains(g.Action)).Select(g => g.Action).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
            if (gained.Count > 0)
            {
                context.Report(principal.Arn, principal.Kind, "credentials:" + string.Join(",", gained), null, NewAdministratorRule.KindName(principal.Kind), principal.Name, string.Join(", ", gained));
            }
        }
    }
}

/// <summary>IAM1022: a principal can escalate its privileges (posture).</summary>
internal sealed class CanEscalateRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1022",
        "Principal can escalate privileges",
        "{0} {1} can escalate its privileges: {2}",
        RuleCategory.Privilege,
        RuleKind.Posture,
        Severity.High,
        "The principal's effective permissions (policies, groups, boundary and Denies considered; conditional statements not counted) include every action of a known single-step privilege-escalation set (docs/privilege-escalation-sets.md). Admin-equivalent principals are not reported: they need no escalation. Multi-hop paths (assuming a more privileged role, passing a role to a service that already exists) are not evaluated. Remove one action of each set, or restrict it to the principal's own resources. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var calculator = context.Permissions;
        foreach (var principal in PostureSupport.AccountPrincipals(context.Snapshot))
        {
            var permissions = calculator.For(principal.Arn);
            if (AccessAnalysis.IsAdminEquivalent(permissions))
            {
                continue;
            }

            var sets = AccessFacts.ExploitableSets(permissions);
            if (!sets.IsEmpty)
            {
                var text = string.Join("; ", sets.Take(6).Select(s => $"{s.Id} ({string.Join(" + ", s.Actions)})")) + (sets.Length > 6 ? $"; and {sets.Length - 6} more" : string.Empty);
                context.Report(principal.Arn, principal.Kind, "escalation", null, NewAdministratorRule.KindName(principal.Kind), principal.Name, text);
            }
        }
    }
}

/// <summary>IAM1023: a principal is admin-equivalent without AdministratorAccess (hidden admin, posture).</summary>
internal sealed class HiddenAdminRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1023",
        "Admin-equivalent without an admin policy",
        "{0} {1} is admin-equivalent through {2}, not through a policy named as administrator",
        RuleCategory.Privilege,
        RuleKind.Posture,
        Severity.Medium,
        "The principal's effective permissions amount to administrator access (every action, or every IAM action, on every resource), but it does not hold AdministratorAccess: the access comes from custom policies, wildcards or NotAction. Such hidden administrators escape reviews that look for the admin policy by name. Make the grant explicit or narrow it. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var calculator = context.Permissions;
        foreach (var principal in PostureSupport.AccountPrincipals(context.Snapshot))
        {
            var permissions = calculator.For(principal.Arn);
            if (!AccessAnalysis.IsAdminEquivalent(permissions))
            {
                continue;
            }

            var holdsAdminPolicy = PolicyFacts.AppliedPolicies(context.Snapshot, principal).Any(p => p.PolicyArn is { } arn && arn.EndsWith(":policy/AdministratorAccess", StringComparison.Ordinal));
            if (!holdsAdminPolicy)
            {
                var via = AccessFacts.Via(permissions.Grants().Take(2000));
                context.Report(principal.Arn, principal.Kind, "hidden-admin", null, NewAdministratorRule.KindName(principal.Kind), principal.Name, via.Length > 0 ? via : "its policies");
            }
        }
    }
}
