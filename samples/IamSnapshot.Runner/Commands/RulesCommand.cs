using System.CommandLine;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;

namespace IamSnapshot.Runner.Commands;

/// <summary><c>iamsnapshot rules [ID]</c>: list the rules, or explain one.</summary>
internal static class RulesCommand
{
    public static Command Create(RunnerConsole console)
    {
        var id = new Argument<string?>("id") { Description = "A rule id such as IAM1001 to explain.", Arity = ArgumentArity.ZeroOrOne };
        var rules = new RuleSetup();
        var command = new Command("rules", "List the rules (id, severity, kind, title), or explain one.") { id };
        command.Options.Add(rules.Config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var engine = rules.CreateEngine(parse);
            var descriptors = engine.Descriptors.Concat(Rules.BuiltIn.BuiltInRules.EngineDescriptors).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
            if (parse.GetValue(id) is { } ruleId)
            {
                var descriptor = descriptors.FirstOrDefault(d => string.Equals(d.Id, ruleId, StringComparison.OrdinalIgnoreCase))
                    ?? throw new UsageException($"no rule {ruleId}; run 'iamsnapshot rules' for the list");
                var severity = engine.EffectiveSeverity(descriptor.Id) is { } s ? Names.Of(s) : descriptor.Category == RuleCategory.Engine ? Names.Of(descriptor.DefaultSeverity) : "disabled";
                await console.Out.WriteLineAsync($"{descriptor.Id}: {descriptor.Title}");
                await console.Out.WriteLineAsync($"  category {descriptor.Category}, {Names.Of(descriptor.Kind)} rule, default severity {Names.Of(descriptor.DefaultSeverity)}, effective {severity}{(descriptor.IsEnabledByDefault ? string.Empty : ", off by default")}");
                await console.Out.WriteLineAsync($"  message: {descriptor.MessageFormat}");
                await console.Out.WriteLineAsync();
                await console.Out.WriteLineAsync(descriptor.Description);
                await console.Out.WriteLineAsync();
                await console.Out.WriteLineAsync($"Help: {descriptor.HelpPath}");
                return ExitCodes.Success;
            }

            foreach (var descriptor in descriptors)
            {
                var effective = engine.EffectiveSeverity(descriptor.Id) is { } s ? Names.Of(s) : descriptor.Category == RuleCategory.Engine ? Names.Of(descriptor.DefaultSeverity) : "off";
                await console.Out.WriteLineAsync($"{descriptor.Id}  {effective,-8}  {Names.Of(descriptor.Kind),-7}  {descriptor.Title}");
            }

            await console.Out.WriteLineAsync($"{descriptors.Count} rules. 'iamsnapshot rules IAMnnnn' explains one.");
            return ExitCodes.Success;
        });
        return command;
    }
}
