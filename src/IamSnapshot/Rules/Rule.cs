using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.Rules;

/// <summary>
/// Base of every rule, built-in or written by a user. A rule is stateless (or immutable) and thread-safe; it
/// reports findings through the context it is given.
/// </summary>
public abstract class Rule
{
    /// <summary>The rule's descriptor.</summary>
    public abstract RuleDescriptor Descriptor { get; }
}

/// <summary>A rule that looks at the differences between two snapshots.</summary>
public abstract class ChangeRule : Rule
{
    /// <summary>Examines the diff and reports findings through <paramref name="context"/>.</summary>
    /// <param name="context">The diff and the way to report.</param>
    public abstract void Analyze(ChangeRuleContext context);
}

/// <summary>A rule that looks at one snapshot's standing configuration.</summary>
public abstract class PostureRule : Rule
{
    /// <summary>Examines the snapshot and reports findings through <paramref name="context"/>.</summary>
    /// <param name="context">The snapshot and the way to report.</param>
    public abstract void Analyze(PostureRuleContext context);
}

/// <summary>What a rule sees and how it reports. Not thread-safe: one context per rule run.</summary>
public abstract class RuleContext
{
    private readonly List<Finding> _findings = [];

    private protected RuleContext(RuleDescriptor descriptor, Severity severity, RuleOptions options)
    {
        Descriptor = descriptor;
        Severity = severity;
        Options = options;
    }

    /// <summary>The descriptor of the rule being run.</summary>
    public RuleDescriptor Descriptor { get; }

    /// <summary>The options the configuration gives the rule (thresholds, trusted accounts, …).</summary>
    public RuleOptions Options { get; }

    /// <summary>The severity findings get (the default, or what configuration says).</summary>
    internal Severity Severity { get; }

    internal IReadOnlyList<Finding> Findings => _findings;

    /// <summary>Reports a finding about an entity.</summary>
    /// <param name="arn">The entity's ARN.</param>
    /// <param name="entityType">The kind of entity, or null for account-level findings.</param>
    /// <param name="subject">What exactly the finding is about (part of the fingerprint).</param>
    /// <param name="propertyPath">The JSON pointer of the property, or null.</param>
    /// <param name="messageArguments">The arguments of the descriptor's message format.</param>
    public void Report(string arn, EntityKind? entityType, string subject, string? propertyPath, params object?[] messageArguments)
    {
        ArgumentNullException.ThrowIfNull(arn);
        ArgumentNullException.ThrowIfNull(subject);
        _findings.Add(new Finding
        {
            RuleId = Descriptor.Id,
            Title = Descriptor.Title,
            Severity = Severity,
            Arn = arn,
            EntityType = entityType,
            Subject = subject,
            PropertyPath = propertyPath,
            Message = Descriptor.FormatMessage(messageArguments),
            Kind = Descriptor.Kind,
        });
    }
}

/// <summary>The context of a change rule: the diff, both snapshots, and what each principal's access became.</summary>
public sealed class ChangeRuleContext : RuleContext
{
    internal ChangeRuleContext(RuleDescriptor descriptor, Severity severity, RuleOptions options, SnapshotDiff diff, CloudTrail.ChangeAttribution? attribution = null)
        : base(descriptor, severity, options)
    {
        Diff = diff;
        Attribution = attribution;
    }

    /// <summary>Who made the changes, from CloudTrail, or null when no logs were given.</summary>
    public CloudTrail.ChangeAttribution? Attribution { get; }

    /// <summary>The differences being examined.</summary>
    public SnapshotDiff Diff { get; }

    /// <summary>The earlier snapshot.</summary>
    public AccountSnapshot Before => Diff.Before;

    /// <summary>The later snapshot.</summary>
    public AccountSnapshot After => Diff.After;

    /// <summary>Reports a finding about a changed entity.</summary>
    /// <param name="change">The entity change.</param>
    /// <param name="subject">What exactly the finding is about (part of the fingerprint).</param>
    /// <param name="propertyPath">The JSON pointer of the property, or null.</param>
    /// <param name="messageArguments">The arguments of the descriptor's message format.</param>
    public void Report(EntityChange change, string subject, string? propertyPath, params object?[] messageArguments)
    {
        ArgumentNullException.ThrowIfNull(change);
        Report(change.Arn, change.EntityType, subject, propertyPath, messageArguments);
    }
}

/// <summary>The context of a posture rule: one snapshot.</summary>
public sealed class PostureRuleContext : RuleContext
{
    private readonly Lazy<Policies.Access.EffectivePermissionsCalculator> _permissions;

    internal PostureRuleContext(RuleDescriptor descriptor, Severity severity, RuleOptions options, AccountSnapshot snapshot, Lazy<Policies.Access.EffectivePermissionsCalculator>? permissions = null)
        : base(descriptor, severity, options)
    {
        Snapshot = snapshot;
        _permissions = permissions ?? new(() => new Policies.Access.EffectivePermissionsCalculator(snapshot));
    }

    /// <summary>The snapshot being examined.</summary>
    public AccountSnapshot Snapshot { get; }

    /// <summary>
    /// Effective permissions in <see cref="Snapshot"/>, shared by every rule of one scan: each principal's permissions
    /// are computed once however many rules ask.
    /// </summary>
    internal Policies.Access.EffectivePermissionsCalculator Permissions => _permissions.Value;
}
