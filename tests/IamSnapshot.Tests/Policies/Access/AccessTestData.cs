using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Tests.Policies.Access;

/// <summary>Small snapshots for the access tests.</summary>
internal static class AccessTestData
{
    public const string Account = "111122223333";

    public static PolicyDocument Doc(string statements) => PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");

    public static ManagedPolicy Managed(string name, PolicyDocument document) => new()
    {
        Arn = $"arn:aws:iam::{Account}:policy/{name}",
        Name = name,
        DefaultVersionId = "v1",
        Versions = [new PolicyVersion("v1", true, null, document)],
    };

    public static PolicyAttachment Attach(ManagedPolicy policy) => new(policy.Arn, policy.Name);

    public static IamUser User(string name, params PolicyAttachment[] attached) => new()
    {
        Arn = $"arn:aws:iam::{Account}:user/{name}",
        Name = name,
        AttachedPolicies = [.. attached],
    };

    public static IamRole Role(string name, params PolicyAttachment[] attached) => new()
    {
        Arn = $"arn:aws:iam::{Account}:role/{name}",
        Name = name,
        AssumeRolePolicy = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""),
        AttachedPolicies = [.. attached],
    };

    public static IamGroup Group(string name, params PolicyAttachment[] attached) => new()
    {
        Arn = $"arn:aws:iam::{Account}:group/{name}",
        Name = name,
        AttachedPolicies = [.. attached],
    };

    public static AccountSnapshot Snapshot(IEnumerable<IamUser>? users = null, IEnumerable<IamRole>? roles = null, IEnumerable<ManagedPolicy>? policies = null, IEnumerable<IamGroup>? groups = null) =>
        new(new SnapshotMetadata { AccountId = Account }, users ?? [], groups ?? [], roles ?? [], policies ?? [], []);

    public static ImmutableArray<InlinePolicy> Inline(string name, PolicyDocument document) => [new InlinePolicy(name, document)];
}
