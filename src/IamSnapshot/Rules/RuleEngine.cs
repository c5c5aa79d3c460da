using System.Collections.Immutable;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Rules.BuiltIn;

namespace IamSnapshot.Rules;

/// <summary>
/// Runs rules over a diff or a snapshot. Built by <see cref="RuleEngineBuilder"/>; immutable and thread-safe.
/// A rule that throws does not stop the others: it yields an engine finding (IAM0001) naming it.
/// </summary>
public sealed class RuleEngine
{
    private readonly ImmutableArray<Rule> _rules;
    private readonly ImmutableDictionary<string, Severity?> _severities;
    private readonly ImmutableDictionary<string, RuleOptions> _options;

    internal RuleEngine(ImmutableArray<Rule> rules, ImmutableDictionary<string, Severity?> severities, ImmutableDictionary<string, RuleOptions> options)
    {
        _rules = rules;
        _severities = severities;
        _options = options;
    }

    /// <summary>An engine with every built-in rule at its default severity.</summary>
    public static RuleEngine Default { get; } = new RuleEngineBuilder().AddBuiltInRules().Build();

    /// <summary>The descriptors of every rule the engine holds, enabled or not, sorted by id.</summary>
    public ImmutableArray<RuleDescriptor> Descriptors => _rules.Select(r => r.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>Runs the change rules over a diff.</summary>
    /// <param name="diff">The differences between two snapshots.</param>
    /// <returns>The findings, ordered by severity (highest first), rule id, ARN and subject.</returns>
    public ImmutableArray<Finding> Analyze(SnapshotDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return Run<ChangeRule>((rule, severity, options) =>
        {
            var context = new ChangeRuleContext(rule.Descriptor, severity, options, diff);
            rule.Analyze(context);
            return context.Findings;
        });
    }

    /// <summary>Runs the posture rules over one snapshot.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The findings, ordered by severity (highest first), rule id, ARN and subject.</returns>
    public ImmutableArray<Finding> Scan(AccountSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Run<PostureRule>((rule, severity, options) =>
        {
            var context = new PostureRuleContext(rule.Descriptor, severity, options, snapshot);
            rule.Analyze(context);
            return context.Findings;
        });
    }

    /// <summary>Orders findings as every report shows them: severity (highest first), rule id, ARN, subject.</summary>
    /// <param name="findings">The findings.</param>
    /// <returns>The ordered findings.</returns>
    public static ImmutableArray<Finding> Order(IEnumerable<Finding> findings) =>
        findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Arn, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)
            .ToImmutableArray();

    private ImmutableArray<Finding> Run<TRule>(Func<TRule, Severity, RuleOptions, IReadOnlyList<Finding>> analyze)
        where TRule : Rule
    {
        var findings = new List<Finding>();
        foreach (var rule in _rules.OfType<TRule>())
        {
            var descriptor = rule.Descriptor;
            var severity = _severities.TryGetValue(descriptor.Id, out var configured)
                ? configured
                : descriptor.IsEnabledByDefault && descriptor.DeprecatedBy is null ? descriptor.DefaultSeverity : null;
            if (severity is null)
            {
                continue;
            }

            try
            {
                findings.AddRange(analyze(rule, severity.Value, _options.GetValueOrDefault(descriptor.Id, RuleOptions.Empty)));
            }
#pragma warning disable CA1031 // A faulty rule (perhaps a user's) must not take the whole run down: that is the isolation contract.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                findings.Add(new Finding
                {
                    RuleId = EngineRules.RuleFailed.Id,
                    Title = EngineRules.RuleFailed.Title,
                    Severity = EngineRules.RuleFailed.DefaultSeverity,
                    Arn = "*",
                    Subject = descriptor.Id,
                    Message = EngineRules.RuleFailed.FormatMessage(descriptor.Id, ex.GetType().Name, ex.Message),
                    Kind = descriptor.Kind,
                });
            }
        }

        return Order(findings);
    }
}

/// <summary>
/// Builds an immutable <see cref="RuleEngine"/>: which rules, at which severity, with which options. Not
/// thread-safe; the engine it builds is.
/// </summary>
public sealed class RuleEngineBuilder
{
    private readonly List<Rule> _rules = [];
    private readonly Dictionary<string, Severity?> _severities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleOptions> _options = new(StringComparer.Ordinal);

    /// <summary>Adds every built-in rule.</summary>
    /// <returns>This builder.</returns>
    public RuleEngineBuilder AddBuiltInRules()
    {
        _rules.AddRange(BuiltInRules.All);
        return this;
    }

    /// <summary>Adds a rule, built-in or custom. Its id must be unique within the engine.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public RuleEngineBuilder AddRule(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rules.Add(rule);
        return this;
    }

    /// <summary>Sets the severity of a rule, or disables it with null.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="severity">The severity, or null to disable the rule.</param>
    /// <returns>This builder.</returns>
    public RuleEngineBuilder WithSeverity(string ruleId, Severity? severity)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        _severities[ruleId] = severity;
        return this;
    }

    /// <summary>Sets the options of a rule.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    public RuleEngineBuilder WithOptions(string ruleId, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(options);
        _options[ruleId] = options;
        return this;
    }

    /// <summary>Builds the engine.</summary>
    /// <returns>An immutable, thread-safe engine.</returns>
    /// <exception cref="InvalidOperationException">Two rules share an id.</exception>
    public RuleEngine Build()
    {
        var duplicate = _rules.GroupBy(r => r.Descriptor.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two rules have the id {duplicate.Key}; rule ids must be unique.");
        }

        return new RuleEngine(
            _rules.OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal).ToImmutableArray(),
            _severities.ToImmutableDictionary(StringComparer.Ordinal),
            _options.ToImmutableDictionary(StringComparer.Ordinal));
    }
}
