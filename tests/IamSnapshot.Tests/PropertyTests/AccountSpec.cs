namespace IamSnapshot.Tests.PropertyTests;

// A generated account in abstract form. AccountRenderer turns it into get-account-authorization-details JSON
// (canonically, or with cosmetic rewrites), so every property test goes through the real loader.
// Cross references (group membership, attachments, boundaries) are indexes taken modulo the target list, so
// any combination of generated values is a valid account.

/// <summary>One condition: <c>{"Operator": {"Key": values}}</c>.</summary>
internal sealed record ConditionSpec(string Operator, string Key, string[] Values);

/// <summary>One principal type and its values; type <c>*</c> is the wildcard principal.</summary>
internal sealed record PrincipalSpec(string Type, string[] Values);

/// <summary>A statement. Identity statements have no principal; trust statements have one and no resource.</summary>
internal sealed record StatementSpec(
    bool Allow,
    bool NotAction,
    string[] Actions,
    bool NotResource,
    string[] Resources,
    PrincipalSpec[]? Principals,
    ConditionSpec[] Conditions);

/// <summary>A policy document.</summary>
internal sealed record DocumentSpec(StatementSpec[] Statements);

/// <summary>A managed policy with its versions (v1, v2, …) and the default one.</summary>
internal sealed record PolicySpec(string Name, string Id, string Path, bool AwsManaged, DocumentSpec[] Versions, int DefaultVersion, string? Description);

/// <summary>A user.</summary>
internal sealed record UserSpec(string Name, string Id, string Path, int[] Groups, int[] Policies, DocumentSpec[] Inline, int? Boundary, TagSpec[] Tags);

/// <summary>A group.</summary>
internal sealed record GroupSpec(string Name, string Id, string Path, int[] Policies, DocumentSpec[] Inline);

/// <summary>A role, optionally in an instance profile of its own name.</summary>
internal sealed record RoleSpec(
    string Name,
    string Id,
    string Path,
    DocumentSpec Trust,
    int[] Policies,
    DocumentSpec[] Inline,
    int? Boundary,
    TagSpec[] Tags,
    string? Description,
    int? MaxSessionDuration,
    bool InProfile);

/// <summary>A tag.</summary>
internal sealed record TagSpec(string Key, string Value);

/// <summary>One credential-report row (the user's ARN comes from the account).</summary>
internal sealed record CredentialSpec(bool PasswordEnabled, bool MfaActive, bool Key1Active, bool Key2Active, int DaysAgo);

/// <summary>A whole account.</summary>
internal sealed record AccountSpec(UserSpec[] Users, GroupSpec[] Groups, RoleSpec[] Roles, PolicySpec[] Policies, CredentialSpec[]? Credentials)
{
    public const string AccountId = "111122223333";

    public static string UserArn(UserSpec user) => $"arn:aws:iam::{AccountId}:user{user.Path}{user.Name}";

    public static string GroupArn(GroupSpec group) => $"arn:aws:iam::{AccountId}:group{group.Path}{group.Name}";

    public static string RoleArn(RoleSpec role) => $"arn:aws:iam::{AccountId}:role{role.Path}{role.Name}";

    public static string PolicyArn(PolicySpec policy) =>
        policy.AwsManaged ? $"arn:aws:iam::aws:policy{policy.Path}{policy.Name}" : $"arn:aws:iam::{AccountId}:policy{policy.Path}{policy.Name}";

    public static string ProfileArn(RoleSpec role) => $"arn:aws:iam::{AccountId}:instance-profile/{role.Name}";

    /// <summary>A short description for failure messages (CsCheck prints it with the seed).</summary>
    public override string ToString() =>
        $"{Users.Length} users [{string.Join(",", Users.Select(u => u.Name))}], {Groups.Length} groups, {Roles.Length} roles [{string.Join(",", Roles.Select(r => r.Name))}], {Policies.Length} policies, credentials: {Credentials is not null}";
}
