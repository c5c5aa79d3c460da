using System.Collections.Immutable;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Rules.BuiltIn;
using IamSnapshot.Rules.Configuration;

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
    private readonly ImmutableArray<Suppression> _suppressions;
    private readonly TimeProvider _clock;

    internal RuleEngine(ImmutableArray<Rule> rules, ImmutableDictionary<string, Severity?> severities, ImmutableDictionary<string, RuleOptions> options, ImmutableArray<Suppression> suppressions, TimeProvider clock)
    {
        _rules = rules;
        _severities = severities;
        _options = options;
        _suppressions = suppressions;
        _clock = clock;
    }

    /// <summary>An engine with every built-in rule at its default severity.</summary>
    public static RuleEngine Default { get; } = new RuleEngineBuilder().AddBuiltInRules().Build();

    /// <summary>The descriptors of every rule the engine holds, enabled or not, sorted by id.</summary>
    public ImmutableArray<RuleDescriptor> Descriptors => _rules.Select(r => r.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>The severity a rule runs at in this engine, or null when it is disabled.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <returns>The effective severity, or null.</returns>
    public Severity? EffectiveSeverity(string ruleId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        return _rules.FirstOrDefault(r => r.Descriptor.Id == ruleId) is { } rule ? SeverityOf(rule.Descriptor) : null;
    }

    /// <summary>Runs the change rules over a diff.</summary>
    /// <param name="diff">The differences between two snapshots.</param>
    /// <param name="attribution">Who made the changes, from CloudTrail, when logs were given; attribution rules need it.</param>
    /// <returns>The findings, ordered by severity (highest first), rule id, ARN and subject.</returns>
    public ImmutableArray<Finding> Analyze(SnapshotDiff diff, CloudTrail.ChangeAttribution? attribution = null)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return Run<ChangeRule>((rule, severity, options) =>
        {
            var context = new ChangeRuleContext(rule.Descriptor, severity, options, diff, attribution);
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

        // One calculator for the whole scan, dropped with it: rules share each principal's permissions.
        var permissions = new Lazy<Policies.Access.EffectivePermissionsCalculator>(() => new Policies.Access.EffectivePermissionsCalculator(snapshot));
        return Run<PostureRule>((rule, severity, options) =>
        {
            var context = new PostureRuleContext(rule.Descriptor, severity, options, snapshot, permissions);
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
            var severity = SeverityOf(descriptor);
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

        return Order(ApplySuppressions(findings, _rules.OfType<TRule>().Select(r => r.Descriptor.Id).ToHashSet(StringComparer.Ordinal)));
    }

    private Severity? SeverityOf(RuleDescriptor descriptor)
    {
        if (_severities.TryGetValue(descriptor.Id, out var byId))
        {
            return byId;
        }

        if (_severities.TryGetValue(descriptor.Category.ToString(), out var byCategory))
        {
            return byCategory;
        }

        var enabled = descriptor.DeprecatedBy is null && (descriptor.IsEnabledByDefault || _severities.ContainsKey(StrictPresetKey));
        return enabled ? descriptor.DefaultSeverity : null;
    }

    /// <summary>Marks suppressed findings; an expired suppression no longer suppresses and is reported (IAM0002).</summary>
    private List<Finding> ApplySuppressions(List<Finding> findings, HashSet<string> ruleIdsRun)
    {
        if (_suppressions.IsEmpty)
        {
            return findings;
        }

        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            var suppression = _suppressions.FirstOrDefault(s => !s.IsExpired(today) && s.Matches(finding));
            result.Add(suppression is null ? finding : finding with { Suppressed = true, SuppressionJustification = suppression.Justification });
        }

        foreach (var expired in _suppressions.Where(s => s.IsExpired(today) && ruleIdsRun.Contains(s.RuleId)))
        {
            var matched = findings.Count(expired.Matches);
            result.Add(new Finding
            {
                RuleId = EngineRules.SuppressionExpired.Id,
                Title = EngineRules.SuppressionExpired.Title,
                Severity = EngineRules.SuppressionExpired.DefaultSeverity,
                Arn = expired.Arn.Pattern,
                Subject = $"{expired.RuleId} {expired.Arn.Pattern} {expired.PropertyPath?.Pattern}".TrimEnd(),
                Message = EngineRules.SuppressionExpired.FormatMessage(expired.RuleId, expired.Arn.Pattern, expired.Expires!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), matched, expired.Origin),
            });
        }

        return result;
    }

    /// <summary>A key in the severity table that stands for the strict preset (enables rules that ship disabled).</summary>
    internal const string StrictPresetKey = "preset:strict";
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
    private readonly List<Suppression> _suppressions = [];
    private RuleConfiguration? _configuration;
    private TimeProvider _clock = TimeProvider.System;

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

    /// <summary>
    /// Applies a configuration: its preset, severities (by rule id or category), rule options and suppressions.
    /// Settings made on the builder directly take precedence. Rule ids are checked when the engine is built.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>This builder.</returns>
    public RuleEngineBuilder WithConfiguration(RuleConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        return this;
    }

    /// <summary>Adds a suppression.</summary>
    /// <param name="suppression">The suppression.</param>
    /// <returns>This builder.</returns>
    public RuleEngineBuilder AddSuppression(Suppression suppression)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        _suppressions.Add(suppression);
        return this;
    }

    /// <summary>Sets the clock suppression expiry is judged by (tests pass a fake one).</summary>
    /// <param name="clock">The clock.</param>
    /// <returns>This builder.</returns>
    public RuleEngineBuilder WithClock(TimeProvider clock)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        return this;
    }

    /// <summary>Builds the engine.</summary>
    /// <returns>An immutable, thread-safe engine.</returns>
    /// <exception cref="InvalidOperationException">Two rules share an id.</exception>
    /// <exception cref="ConfigurationException">The configuration names rules the engine does not have.</exception>
    public RuleEngine Build()
    {
        var duplicate = _rules.GroupBy(r => r.Descriptor.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two rules have the id {duplicate.Key}; rule ids must be unique.");
        }

        var severities = new Dictionary<string, Severity?>(StringComparer.OrdinalIgnoreCase);
        var options = new Dictionary<string, RuleOptions>(StringComparer.Ordinal);
        var suppressions = new List<Suppression>();
        if (_configuration is { } config)
        {
            var known = _rules.Select(r => r.Descriptor.Id).Concat(BuiltInRules.EngineDescriptors.Select(d => d.Id)).ToHashSet(StringComparer.Ordinal);
            var problems = config.Severities.Keys.Where(k => RuleConfiguration.IsRuleId(k) && !known.Contains(k)).Select(k => $"$.severity.{k}: no such rule (run 'iamsnapshot rules' for the list)")
                .Concat(config.Options.Keys.Where(k => !known.Contains(k)).Select(k => $"$.rules.{k}: no such rule"))
                .Concat(config.Suppressions.Where(s => !known.Contains(s.RuleId)).Select(s => $"{s.Origin[(s.Origin.LastIndexOf(' ') + 1)..]}.ruleId: no such rule {s.RuleId}"))
                .ToList();
            if (problems.Count > 0)
            {
                throw new ConfigurationException(config.Source, problems);
            }

            if (config.Preset == RulePreset.Strict)
            {
                severities[RuleEngine.StrictPresetKey] = null;
            }

            foreach (var (key, value) in config.Severities)
            {
                severities[key] = value;
            }

            foreach (var (key, value) in config.Options)
            {
                options[key] = value;
            }

            suppressions.AddRange(config.Suppressions);
        }

        foreach (var (key, value) in _severities)
        {
            severities[key] = value;
        }

        foreach (var (key, value) in _options)
        {
            options[key] = value;
        }

        suppressions.AddRange(_suppressions);
        return new RuleEngine(
            _rules.OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal).ToImmutableArray(),
            severities.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase),
            options.ToImmutableDictionary(StringComparer.Ordinal),
            suppressions.ToImmutableArray(),
            _clock);
    }
}
