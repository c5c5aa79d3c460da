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
    ];

    /// <summary>Descriptors of findings with no rule class (the engine's own).</summary>
    public static ImmutableArray<RuleDescriptor> EngineDescriptors { get; } = [EngineRules.RuleFailed];
}
