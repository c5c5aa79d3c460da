using System.Collections.Immutable;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>The catalog of built-in rules.</summary>
internal static class BuiltInRules
{
    public static ImmutableArray<Rule> All { get; } =
    [
        new NewAdministratorRule(),
        new AddedToAdminGroupRule(),
        new BoundaryRemovedRule(),
        new PolicyVersionWidenedRule(),
        new DenyRemovedRule(),
        new TrustAdmitsAnyoneRule(),
        new TrustAdmitsNewAccountRule(),
        new RecreatedEntityRule(),
        new NewEntityRule(NewEntityRule.NewUser, EntityKind.User),
        new NewEntityRule(NewEntityRule.NewRole, EntityKind.Role),
        new NewEntityRule(NewEntityRule.NewPolicy, EntityKind.ManagedPolicy),
        new NewEntityRule(NewEntityRule.NewGroup, EntityKind.Group),
        new PrivilegedPolicyAttachedRule(),
        new AllowConstraintRemovedRule(),
        new BoundaryReplacedRule(),
        new NewFederatedTrustRule(),
        new TrustGuardRemovedRule(),
        new ComputeAdminRoleAppearedRule(),
        new AbacTagChangedRule(),
        new NewAccessKeyRule(),
        new AccessKeyReactivatedRule(),
        new ConsolePasswordAddedRule(),
        new MfaRemovedRule(),
        new RootUsedRule(),
        new RootCredentialsChangedRule(),
        new NewConsoleUserRule(),
        new PasswordPolicyWeakenedRule(),
        new BecameAdminEquivalentRule(),
        new GainedEscalationPathRule(),
        new GainedPermissionsManagementRule(),
        new GainedCredentialActionsRule(),
        new CanEscalateRule(),
        new HiddenAdminRule(),

        // Posture rules.
        new PolicyGrantsAdminRule(),
        new AllowNotActionRule(),
        new AllowNotResourceRule(),
        new SensitiveServiceWildcardRule(),
        new PassRoleAnyRule(),
        new AssumeAnyRoleRule(),
        new DenylistedPolicyAttachedRule(),
        new DeprecatedAwsPolicyRule(),
        new DormantBroaderVersionRule(),
        new RoleAssumableByAnyoneRule(),
        new CrossAccountWithoutExternalIdRule(),
        new OidcTrustWithoutSubjectRule(),
        new AllowNotPrincipalRule(),
        new ComputeAssumableAdminRoleRule(),
        new ServiceTrustWithoutSourceRule(),
        new UserWithDirectPoliciesRule(),
        new InlinePolicyRule(),
        new UnusedRoleRule(),
        new EmptyGroupRule(),
        new UnattachedPolicyRule(),
        new UserWithoutGroupRule(),
        new RootAccessKeyRule(),
        new RootWithoutMfaRule(),
        new RootUsedRecentlyRule(),
        new RootSigningCertificateRule(),
        new ConsoleUserWithoutMfaRule(),
        new UnusedPasswordRule(),
        new UnusedAccessKeyRule(),
        new AccessKeyNotRotatedRule(),
        new TwoActiveAccessKeysRule(),
        new UserSigningCertificateRule(),
        new PasswordAndAccessKeyRule(),
        new StaleCredentialReportRule(),
        new DuplicateCredentialRowRule(),
        new NoPasswordPolicyRule(),
        new WeakPasswordPolicyRule(),
    ];

    /// <summary>Descriptors of findings with no rule class (the engine's own).</summary>
    public static ImmutableArray<RuleDescriptor> EngineDescriptors { get; } = [EngineRules.RuleFailed, EngineRules.SuppressionExpired];
}
