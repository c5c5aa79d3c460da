using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>One identity-policy document in a snapshot and where it lives.</summary>
/// <param name="OwnerArn">The ARN findings are reported on (the managed policy, or the principal of an inline policy).</param>
/// <param name="OwnerKind">The owner's kind.</param>
/// <param name="OwnerName">The owner's name.</param>
/// <param name="Path">The JSON pointer of the document within the owner.</param>
/// <param name="Label">How to name the document in messages.</param>
/// <param name="Document">The document.</param>
/// <param name="InUse">False for a customer managed policy attached to nothing.</param>
internal sealed record PolicyLocation(string OwnerArn, EntityKind OwnerKind, string OwnerName, string Path, string Label, PolicyDocument Document, bool InUse);

/// <summary>Enumerations posture rules share.</summary>
internal static class PostureSupport
{
    /// <summary>
    /// The identity policies an account controls: default versions of customer managed policies and every inline
    /// policy. AWS-managed policies are AWS's to fix and are judged where they are attached.
    /// </summary>
    public static IEnumerable<PolicyLocation> AccountPolicies(AccountSnapshot snapshot)
    {
        foreach (var policy in snapshot.Policies.Where(p => !p.IsAwsManaged))
        {
            if (policy.DefaultVersion is { } version)
            {
                yield return new PolicyLocation(policy.Arn, EntityKind.ManagedPolicy, policy.Name, "/document", $"managed policy {policy.Name}", version.Document, policy.AttachmentCount is not 0);
            }
        }

        foreach (var holder in snapshot.Users.Cast<IamPolicyHolder>().Concat(snapshot.Groups).Concat(snapshot.Roles))
        {
            if (DiffingFacts.IsAwsOwned(holder))
            {
                continue;
            }

            foreach (var inline in holder.InlinePolicies)
            {
                yield return new PolicyLocation(holder.Arn, holder.Kind, holder.Name, "/inlinePolicies/" + SnapshotDifferSegment(inline.Name), $"inline policy {inline.Name} of {NewAdministratorRule.KindName(holder.Kind).ToLowerInvariant()} {holder.Name}", inline.Document, true);
            }
        }
    }

    /// <summary>Principals (users and roles) the account controls.</summary>
    public static IEnumerable<IamPolicyHolder> AccountPrincipals(AccountSnapshot snapshot) =>
        snapshot.Users.Cast<IamPolicyHolder>().Concat(snapshot.Roles.Where(r => !DiffingFacts.IsAwsOwned(r)));

    /// <summary>Allow statements whose action list covers <paramref name="action"/> (lower-case) by wildcard.</summary>
    public static bool Covers(PolicyStatement statement, string action) =>
        statement.Actions.Any(pattern => WildcardMatches(pattern, action));

    /// <summary>IAM's action wildcard match (<c>*</c>, <c>?</c>), case-insensitive; both sides lower-case.</summary>
    public static bool WildcardMatches(string pattern, string value)
    {
        if (pattern == "*")
        {
            return true;
        }

        return System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, value, ignoreCase: true);
    }

    /// <summary>True when the statement applies to every resource.</summary>
    public static bool AnyResource(PolicyStatement statement) => statement.Resources.Contains("*") || statement.UsesNotResource;

    public static string SnapshotDifferSegment(string value) => SnapshotDiffer.Segment(value);

    /// <summary>Condition keys that really restrict who can use a wildcard principal.</summary>
    public static readonly string[] StrongPrincipalConditionKeys =
    [
        "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount",
        "aws:sourcearn", "aws:sourceowner", "aws:sourceidentity", "aws:principalservicename", "aws:principalservicenameslist",
        "sts:externalid",
    ];
}

/// <summary>Differ facts rules reuse.</summary>
internal static class DiffingFacts
{
    public static bool IsAwsOwned(IamEntity entity) => SnapshotDiffer.IsAwsOwned(entity);
}
