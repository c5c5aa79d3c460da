using IamSnapshot.Model;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Identity of an entity for matching events with changes: kind, account and name (IAM names are
/// unique per account and kind whatever the path, and compare without regard to case). The path is
/// left out on purpose: most records give a name only.
/// </summary>
internal readonly record struct EntityKey(EntityKind Kind, string Account, string Name)
{
    public static EntityKey Of(IamChange change) => new(change.EntityKind, change.AccountId, Normalize(change.EntityKind, change.EntityName));

    /// <summary>The key of an entity given by ARN; for <see cref="EntityKind.Account"/> only the account field counts.</summary>
    public static EntityKey FromArn(string arn, EntityKind kind)
    {
        if (!IamArn.TrySplit(arn, out _, out var account, out _, out _, out var name))
        {
            // Not an ARN: accept a bare name (or account id for the account).
            return kind == EntityKind.Account ? new(kind, arn, string.Empty) : new(kind, string.Empty, Normalize(kind, arn));
        }

        return new(kind, account, Normalize(kind, name));
    }

    public bool Matches(EntityKey other) =>
        Kind == other.Kind
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && (Account.Length == 0 || other.Account.Length == 0 || string.Equals(Account, other.Account, StringComparison.Ordinal));

    private static string Normalize(EntityKind kind, string name) =>
        kind == EntityKind.Account ? string.Empty : name.ToUpperInvariant();
}
