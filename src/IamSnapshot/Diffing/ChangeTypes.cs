using System.Collections.Immutable;
using IamSnapshot.Model;

namespace IamSnapshot.Diffing;

/// <summary>How an entity differs between two snapshots.</summary>
public enum ChangeKind
{
    /// <summary>The entity exists only in the after snapshot.</summary>
    Added,

    /// <summary>The entity exists only in the before snapshot.</summary>
    Removed,

    /// <summary>The entity exists in both with different properties.</summary>
    Modified,

    /// <summary>The same ARN now belongs to a new entity (a new unique id): it was deleted and created again.</summary>
    Recreated,

    /// <summary>The same entity (same unique id) now has another name or path, hence another ARN.</summary>
    Renamed,
}

/// <summary>What a property change touches; rules and reports group changes by it.</summary>
public enum ChangeCategory
{
    /// <summary>Who may assume a role (its trust policy).</summary>
    Trust,

    /// <summary>What a principal may do: inline and attached policies, policy versions.</summary>
    Permissions,

    /// <summary>Group membership, instance-profile membership.</summary>
    Membership,

    /// <summary>A permissions boundary.</summary>
    Boundary,

    /// <summary>Passwords, access keys (report columns and key ids), MFA (including virtual MFA device assignments), signing and server certificates.</summary>
    Credentials,

    /// <summary>Names, paths, descriptions and similar facts with no effect on access.</summary>
    Metadata,

    /// <summary>Tags (which matter to access only through ABAC conditions).</summary>
    Tags,

    /// <summary>Account settings: password policy, aliases, OIDC (with client ids and thumbprints) and SAML identity providers.</summary>
    AccountSettings,
}

/// <summary>Who made a change: the account's people and pipelines, or AWS itself.</summary>
public enum ChangeOrigin
{
    /// <summary>Made by someone in the account.</summary>
    Account,

    /// <summary>
    /// Made by AWS: a new version of an AWS-managed policy, a service-linked role, a role IAM Identity Center
    /// provisions. Reported as information unless it widens access of a principal the account controls.
    /// </summary>
    Aws,
}

/// <summary>
/// One property that differs. <see cref="Path"/> is a JSON pointer into the entity as the saved format
/// writes it (for example <c>/attachedPolicies/arn:aws:iam::aws:policy~1AdministratorAccess</c>).
/// Values are JSON text; null means absent. Immutable value.
/// </summary>
/// <param name="Path">The JSON pointer of the property.</param>
/// <param name="Category">What the property is about.</param>
/// <param name="OldValue">The value before, as JSON, or null when the property was added.</param>
/// <param name="NewValue">The value after, as JSON, or null when the property was removed.</param>
/// <param name="DocumentDelta">For a changed policy document: the JsonDiffPatch delta between the normalised documents, as JSON.</param>
public sealed record PropertyChange(string Path, ChangeCategory Category, string? OldValue, string? NewValue, string? DocumentDelta = null)
{
    /// <summary>True when the property exists only after.</summary>
    public bool IsAddition => OldValue is null && NewValue is not null;

    /// <summary>True when the property exists only before.</summary>
    public bool IsRemoval => OldValue is not null && NewValue is null;
}

/// <summary>
/// One entity that differs between the two snapshots, with the entity as it was and as it is, and its property
/// changes sorted by path. Immutable.
/// </summary>
public sealed record EntityChange
{
    /// <summary>How the entity differs.</summary>
    public required ChangeKind Kind { get; init; }

    /// <summary>The kind of entity.</summary>
    public required EntityKind EntityType { get; init; }

    /// <summary>The entity's ARN (after, when it exists after).</summary>
    public required string Arn { get; init; }

    /// <summary>For a renamed entity, its ARN before.</summary>
    public string? PreviousArn { get; init; }

    /// <summary>
    /// The entity before, or null when added. Also null for changes that have no entity in the model: the account
    /// (<see cref="EntityKind.Account"/>) and users known only from the credential report.
    /// </summary>
    public IamEntity? Before { get; init; }

    /// <summary>The entity after, or null when removed (or, as for <see cref="Before"/>, when there is no entity).</summary>
    public IamEntity? After { get; init; }

    /// <summary>The property changes, sorted by path (empty for added and removed entities).</summary>
    public ImmutableArray<PropertyChange> Properties { get; init; } = [];

    /// <summary>Whether the account or AWS made the change.</summary>
    public ChangeOrigin Origin { get; init; } = ChangeOrigin.Account;

    /// <summary>
    /// The entity's name (after, when it exists after). Without an entity: the account id for the account, else the
    /// last segment of the ARN (the user name of a credential-only user).
    /// </summary>
    public string Name => (After ?? Before)?.Name ?? NameFromArn(Arn);

    private static string NameFromArn(string arn)
    {
        if (arn.EndsWith(":root", StringComparison.Ordinal))
        {
            var fields = arn.Split(':');
            return fields.Length == 6 && fields[4].Length > 0 ? fields[4] : arn;
        }

        var slash = arn.LastIndexOf('/');
        return slash >= 0 ? arn[(slash + 1)..] : arn;
    }
}
