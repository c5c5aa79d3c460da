using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>IAM2001: a role's trust policy now lets anyone assume it.</summary>
internal sealed class TrustAdmitsAnyoneRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM2001",
        "Role can be assumed by anyone",
        "Role {0} can now be assumed by any AWS principal (Principal \"*\"){1}",
        RuleCategory.Trust,
        RuleKind.Change,
        Severity.Critical,
        "The role's trust policy allows Principal \"*\": any AWS account in the world can call sts:AssumeRole on it, limited only by the statement's conditions (if any). Unless a strong condition such as aws:PrincipalOrgID restricts it, this hands the role's permissions to everyone. Replace \"*\" with the accounts or roles that need access. Suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.EntityType == EntityKind.Role && c.After is IamRole))
        {
            var after = PolicyFacts.TrustedPrincipals(((IamRole)change.After!).AssumeRolePolicy).Where(p => p.Type == "AWS" && p.Value == "*").ToList();
            if (after.Count == 0)
            {
                continue;
            }

            var before = change.Before is IamRole old && change.Kind != ChangeKind.Recreated
                && PolicyFacts.TrustedPrincipals(old.AssumeRolePolicy).Any(p => p.Type == "AWS" && p.Value == "*");
            if (!before)
            {
                var conditional = after.All(p => p.Conditional) ? ", limited only by the statement's conditions" : string.Empty;
                context.Report(change, "principal:*", "/assumeRolePolicy", change.Name, conditional);
            }
        }
    }
}

/// <summary>IAM2002: a role's trust policy now admits another AWS account.</summary>
internal sealed class TrustAdmitsNewAccountRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM2002",
        "Role trusts a new external account",
        "Role {0} can now be assumed from account {1} ({2}){3}",
        RuleCategory.Trust,
        RuleKind.Change,
        Severity.High,
        "The role's trust policy admits a principal of an AWS account it did not admit before. Cross-account trust is a classic persistence backdoor: the other account's principals get the role's permissions. Confirm the account is yours or a known partner, and require sts:ExternalId for third parties. List trusted accounts in the rule's trustedAccounts option, or suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        var own = context.After.Metadata.AccountId;
        var trusted = context.Options.GetList("trustedAccounts").ToHashSet(StringComparer.Ordinal);
        foreach (var change in context.Diff.Changes.Where(c => c.EntityType == EntityKind.Role && c.After is IamRole))
        {
            var before = change.Before is IamRole old && change.Kind != ChangeKind.Recreated
                ? Accounts(old).Select(a => a.Account).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var group in Accounts((IamRole)change.After!).GroupBy(a => a.Account, StringComparer.Ordinal))
            {
                if (group.Key == own || trusted.Contains(group.Key) || before.Contains(group.Key))
                {
                    continue;
                }

                var principals = string.Join(", ", group.Select(a => a.Principal).Distinct(StringComparer.Ordinal));
                var conditional = group.All(a => a.Conditional) ? ", with conditions" : string.Empty;
                context.Report(change, "account:" + group.Key, "/assumeRolePolicy", change.Name, group.Key, principals, conditional);
            }
        }
    }

    private static IEnumerable<(string Account, string Principal, bool Conditional)> Accounts(IamRole role) =>
        PolicyFacts.TrustedPrincipals(role.AssumeRolePolicy)
            .Where(p => p.Type == "AWS")
            .Select(p => (Account: PolicyFacts.AccountOf(p.Value), p.Value, p.Conditional))
            .Where(p => p.Account is not null)
            .Select(p => (p.Account!, p.Value, p.Conditional));
}
