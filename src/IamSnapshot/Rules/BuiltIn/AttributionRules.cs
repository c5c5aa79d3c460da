using IamSnapshot.CloudTrail;
using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>IAM5001: a change no CloudTrail event explains although the logs cover the window.</summary>
internal sealed class UnexplainedChangeRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM5001",
        "Change not explained by CloudTrail",
        "{0} {1}: {2} has no explaining CloudTrail event, although the logs cover the window; it was made with logging off or filtered, outside the window (a capture time is wrong), or by a path IamSnapshot does not model",
        RuleCategory.Attribution,
        RuleKind.Change,
        Severity.High,
        "Every change to IAM is an API call that CloudTrail records in the account's home region for IAM (us-east-1 in the aws partition). When the logs cover the whole window between the two captures and no event explains a change, the change bypassed the trail: logging was stopped or the trail filtered, events were deleted before delivery, a capture time is wrong, or (rarely) the change came from a path this tool does not map. Investigate the trail's status (cloudtrail:StopLogging, PutEventSelectors) for the window. Changes AWS makes itself are never reported. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var item in context.Attribution?.Unexplained ?? [])
        {
            var what = item.Property is { } property ? $"the change of {property.Path}" : $"the entity being {item.Change.Kind.ToString().ToLowerInvariant()}";
            context.Report(item.Change, "unexplained:" + (item.Property?.Path ?? item.Change.Kind.ToString()), item.Property?.Path, NewAdministratorRule.KindName(item.Change.EntityType), item.Change.Name, what);
        }
    }
}

/// <summary>IAM5002: a change made and undone inside the window (invisible to the diff).</summary>
internal sealed class TransientChangeRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM5002",
        "Transient change",
        "{0} {1}: {2} by {3} at {4}, undone {5} later by {6}",
        RuleCategory.Attribution,
        RuleKind.Change,
        Severity.High,
        "CloudTrail shows an entity created and deleted, or a policy, group membership, key or trust change made and undone, between the two captures. The diff cannot see it, because both snapshots agree; yet it is how a backdoor that was used and then cleaned up looks (a temporary admin user, an access key created and deleted). Review what the actor did while the change existed. Suppress by rule id and ARN glob with a justification when the churn is a known pipeline.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var transient in context.Attribution?.Transient ?? [])
        {
            var change = transient.Change;
            var what = $"{transient.Kind} ({change.Category}{(change.Subject is null ? string.Empty : " " + change.Subject)})";
            var duration = transient.Duration.TotalMinutes >= 1 ? $"{transient.Duration.TotalMinutes:0} min" : $"{transient.Duration.TotalSeconds:0} s";
            context.Report(change.EntityArn, change.EntityKind, $"transient:{change.Category}:{change.Subject}:{transient.Started.EventId}", null,
                NewAdministratorRule.KindName(change.EntityKind), change.EntityName, what, transient.Started.Actor.Id, transient.Started.EventTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), duration, transient.Ended.Actor.Id);
        }
    }
}

/// <summary>IAM5003: repeated failed IAM writes by one actor.</summary>
internal sealed class ProbingRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM5003",
        "Repeated failed IAM writes",
        "{0} failed {1} IAM write call(s) between {2} and {3} ({4}; errors {5})",
        RuleCategory.Attribution,
        RuleKind.Change,
        Severity.Medium,
        "One actor made several IAM write calls that failed (AccessDenied, NoSuchEntity, …) within a short time. Failed writes change nothing, but a burst of them is how an attacker with stolen credentials probes what they may do. Throttling and internal errors are not counted. The threshold is configurable (AttributionOptions). Check the actor's other activity. Suppress by rule id and the actor ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var probing in context.Attribution?.Probing ?? [])
        {
            var f = System.Globalization.CultureInfo.InvariantCulture;
            context.Report(probing.Actor.Arn ?? probing.Actor.Id, null, $"probing:{probing.Start.ToUnixTimeSeconds()}", null,
                probing.Actor.Id, probing.Events.Length, probing.Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", f), probing.End.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", f), string.Join(", ", probing.EventNames), string.Join(", ", probing.ErrorCodes));
        }
    }
}

/// <summary>IAM5004: the logs do not cover the diff window.</summary>
internal sealed class LogCoverageRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM5004",
        "CloudTrail logs do not cover the window",
        "{0}",
        RuleCategory.Attribution,
        RuleKind.Change,
        Severity.Low,
        "The CloudTrail logs given with --cloudtrail do not cover the whole window between the two captures for the account's IAM events (IAM is global: in the aws partition its events are recorded in us-east-1), or a capture time is unknown. Changes in the uncovered time cannot be attributed, and none is reported as unexplained. Give the logs for the whole window (the S3 delivery folders for us-east-1), or record capture times (--captured-at on import).");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        if (context.Attribution is not { } attribution)
        {
            return;
        }

        foreach (var note in attribution.Notes)
        {
            var account = context.After.Metadata.AccountId ?? "unknown";
            context.Report($"arn:{context.After.Metadata.Partition}:iam::{account}:root", EntityKind.Account, "coverage:" + note, null, note);
        }
    }
}

/// <summary>IAM5005: a change made by the root user.</summary>
internal sealed class RootMadeChangeRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM5005",
        "Change made by the root user",
        "{0} {1} was changed by the root user at {2} from {3}",
        RuleCategory.Attribution,
        RuleKind.Change,
        Severity.High,
        "CloudTrail attributes this change to the account's root user. Root should be used only for the few tasks that need it, never for routine IAM administration: its use means someone holds the root password or, worse, a root access key. Confirm who used root and why, and rotate root credentials if in doubt. Suppress by rule id and ARN glob with a justification (for example a documented break-glass exercise).");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        if (context.Attribution is not { } attribution)
        {
            return;
        }

        foreach (var change in context.Diff.Changes)
        {
            foreach (var attributed in attribution.EventsFor(change).Where(e => string.Equals(e.Event.Actor.PrincipalType, "Root", StringComparison.Ordinal)))
            {
                context.Report(change, "root:" + attributed.Event.EventId, null, NewAdministratorRule.KindName(change.EntityType), change.Name,
                    attributed.Event.EventTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), attributed.Event.SourceIpAddress ?? "an unknown address");
            }
        }
    }
}
