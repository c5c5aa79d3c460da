using System.Collections.Immutable;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Policies.Access;

/// <summary>A known IAM privilege-escalation permission set (see docs/privilege-escalation-sets.md). Immutable value.</summary>
/// <param name="Id">Stable id, for example <c>PE-SELF-001</c>.</param>
/// <param name="Category"><c>self-escalation</c>, <c>new-passrole</c> or <c>existing-resource</c>.</param>
/// <param name="Actions">The actions, all required.</param>
/// <param name="Sources">The public research that names the set.</param>
/// <param name="Description">What the set lets a principal do.</param>
public sealed record PrivilegeEscalationSet(string Id, string Category, ImmutableArray<string> Actions, string Sources, string Description);

/// <summary>Questions about effective permissions that rules ask: admin-equivalence, escalation paths, credential access.</summary>
public static class AccessAnalysis
{
    private const string SetsResource = "IamSnapshot.Access.privilege-escalation-sets.tsv";
    private static readonly Lazy<ImmutableArray<PrivilegeEscalationSet>> Sets = new(LoadSets, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Our list of known privilege-escalation permission sets (110 sets, sources named per set).</summary>
    public static ImmutableArray<PrivilegeEscalationSet> PrivilegeEscalationSets => Sets.Value;

    /// <summary>
    /// Actions whose response hands out credentials or a way to log in: STS sessions, access keys and
    /// passwords, service-specific credentials, registry and database tokens, SSH keys pushed to instances.
    /// </summary>
    public static ImmutableArray<string> CredentialReturningActions { get; } =
    [
        "codeartifact:GetAuthorizationToken",
        "cognito-identity:GetCredentialsForIdentity",
        "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
        "dsql:DbConnect",
        "dsql:DbConnectAdmin",
        "ec2-instance-connect:SendSSHPublicKey",
        "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
        "ecr-public:GetAuthorizationToken",
        "ecr:GetAuthorizationToken",
        "iam:CreateAccessKey",
        "iam:CreateLoginProfile",
        "iam:CreateServiceSpecificCredential",
        "iam:ResetServiceSpecificCredential",
        "iam:UpdateLoginProfile",
        "iam:UploadSSHPublicKey",
        "lightsail:DownloadDefaultKeyPair",
        "lightsail:GetInstanceAccessDetails",
        "rds-db:connect",
        "redshift-serverless:GetCredentials",
        "redshift:GetClusterCredentials",
        "redshift:GetClusterCredentialsWithIAM",
        "sso-oauth:CreateTokenWithIAM",
        "sts:AssumeRole",
        "sts:AssumeRoleWithSAML",
        "sts:AssumeRoleWithWebIdentity",
        "sts:AssumeRoot",
        "sts:GetFederationToken",
        "sts:GetServiceBearerToken",
        "sts:GetSessionToken",
        "sts:GetWebIdentityToken",
    ];

    /// <summary>
    /// True when the principal is administrator-equivalent: without conditions, on every resource (<c>*</c>
    /// with no exclusions), it may do either every action of the catalog, or every <c>iam</c> action (with
    /// all of IAM a principal can grant itself anything). Narrower escalation paths are reported by
    /// <see cref="SatisfiedEscalationSets"/>.
    /// </summary>
    /// <param name="permissions">The principal's effective permissions.</param>
    /// <returns>Whether it is admin-equivalent.</returns>
    public static bool IsAdminEquivalent(EffectivePermissions permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var onAll = permissions.UnconditionalActionsOnAllResources;
        var catalog = ActionCatalog.Default;
        return onAll.Count == catalog.ActionCount || catalog.Expand("iam:*").IsSubsetOf(onAll);
    }

    /// <summary>The escalation sets whose every action the principal may do without conditions, on some resource.</summary>
    /// <param name="permissions">The principal's effective permissions.</param>
    /// <returns>The satisfied sets, in list order.</returns>
    public static ImmutableArray<PrivilegeEscalationSet> SatisfiedEscalationSets(EffectivePermissions permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        return permissions.SatisfiedEscalationSets;
    }

    /// <summary>The sets satisfied by <paramref name="allowed"/> (unconditional actions), with action names looked up once.</summary>
    internal static ImmutableArray<PrivilegeEscalationSet> SatisfiedBy(ActionSet allowed, ActionCatalog catalog)
    {
        var indexed = ReferenceEquals(catalog, ActionCatalog.Default) ? DefaultSetIndices.Value : Indices(catalog);
        var result = ImmutableArray.CreateBuilder<PrivilegeEscalationSet>();
        foreach (var (set, indices) in indexed)
        {
            // An action the catalog does not know is never allowed (as IsAllowed says).
            if (indices.All(i => i >= 0 && allowed.Contains(i)))
            {
                result.Add(set);
            }
        }

        return result.ToImmutable();
    }

    private static readonly Lazy<ImmutableArray<(PrivilegeEscalationSet Set, int[] Indices)>> DefaultSetIndices = new(() => Indices(ActionCatalog.Default), LazyThreadSafetyMode.ExecutionAndPublication);

    private static ImmutableArray<(PrivilegeEscalationSet Set, int[] Indices)> Indices(ActionCatalog catalog) =>
        [.. PrivilegeEscalationSets.Select(set => (set, set.Actions.Select(catalog.IndexOf).ToArray()))];

    /// <summary>The credential-returning actions the principal may do without conditions.</summary>
    /// <param name="permissions">The principal's effective permissions.</param>
    /// <returns>The actions, sorted.</returns>
    public static ImmutableArray<string> AllowedCredentialActions(EffectivePermissions permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        return CredentialReturningActions.Where(permissions.IsAllowed).ToImmutableArray();
    }

    /// <summary>The actions of an access level the principal may do without conditions (for example every Permissions-management action).</summary>
    /// <param name="permissions">The principal's effective permissions.</param>
    /// <param name="level">The access level.</param>
    /// <returns>Canonical action names, sorted.</returns>
    public static ImmutableArray<string> AllowedActionsAtLevel(EffectivePermissions permissions, AccessLevel level)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var catalog = ActionCatalog.Default;
        return permissions.UnconditionalActions.Indices().Where(i => catalog.LevelAt(i) == level).Select(catalog.NameAt).ToImmutableArray();
    }

    private static ImmutableArray<PrivilegeEscalationSet> LoadSets()
    {
        using var stream = typeof(AccessAnalysis).Assembly.GetManifestResourceStream(SetsResource)
            ?? throw new InvalidOperationException($"The embedded resource {SetsResource} is missing; the build is broken.");
        using var reader = new StreamReader(stream);
        var result = ImmutableArray.CreateBuilder<PrivilegeEscalationSet>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cols = line.Split('\t');
            if (cols.Length != 5)
            {
                throw new InvalidOperationException($"The embedded escalation-set list is malformed near '{line}'.");
            }

            result.Add(new PrivilegeEscalationSet(cols[0], cols[1], [.. cols[2].Split(',')], cols[3], cols[4]));
        }

        return result.ToImmutable();
    }
}
