using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

// Change rules on the credential report. They read the rows of both snapshots (the diff says which users changed)
// so that keys are matched by creation date rather than by column, and so that last-used dates, which are never
// diff properties, can still tell that root was used. They stay silent unless both snapshots have a report. The
// user key rules (IAM3014, IAM3015) prefer key ids when both snapshots hold the access-key metadata.

/// <summary>IAM3014: a new access key on an existing user.</summary>
internal sealed class NewAccessKeyRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3014", "New access key", "User {0} has a new active access key ({1}, created {2})",
        RuleCategory.Credentials, RuleKind.Change, Severity.High,
        "An existing user got a new active long-lived access key between the snapshots. CreateAccessKey on someone else's user is a classic persistence and privilege-escalation step. When both snapshots hold the access-key metadata (a live capture, or list-access-keys.json in a folder import), keys are told apart by key id: a key id the user did not have before is new, so a replaced key (one deleted, another created) shows even when the two have the same column and the same day, and the finding names the key id to look for in CloudTrail (userIdentity.accessKeyId). Otherwise the credential report is used: a key whose creation date (access_key_N_last_rotated) no key of the user had before, matched by date and not by column, so a key that moves to the other column is not new. New users are left to IAM4002 and IAM3020. Fix: confirm with the user's owner that the key is expected; if not, deactivate it and look for its use in CloudTrail. Suppress by rule id and user ARN glob with a justification (for example a pipeline that rotates keys).");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        if (CredentialFacts.HasKeyIds(context))
        {
            foreach (var (change, key, property) in CredentialFacts.KeyChanges(context))
            {
                if (property.IsAddition && property.Path == AccountPartsDiffer.AccessKeyPath(key.AccessKeyId) && key.IsActive)
                {
                    var created = key.CreateDate is { } date ? CredentialFacts.Timestamp(date) : "on an unknown date";
                    context.Report(change, "access key " + key.AccessKeyId, property.Path, change.Name, key.AccessKeyId, created);
                }
            }

            return;
        }

        foreach (var (change, before, after) in CredentialFacts.ChangedUserRows(context))
        {
            foreach (var slot in CredentialFacts.AccessKeys(after).Where(s => s.Key.Active && s.Key.LastRotated.HasValue && CredentialFacts.SameKey(before, s.Key) is null))
            {
                context.Report(change, CredentialFacts.KeySubject(slot), slot.Path + "/lastRotated", change.Name, slot.Label, CredentialFacts.Timestamp(slot.Key.LastRotated.Value!.Value));
            }
        }
    }
}

/// <summary>IAM3015: an inactive access key became active again.</summary>
internal sealed class AccessKeyReactivatedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3015", "Access key reactivated", "User {0}'s {1} (created {2}) was inactive and is active again",
        RuleCategory.Credentials, RuleKind.Change, Severity.High,
        "A key someone deactivated, usually because it was old, unused or leaked, was turned back on (UpdateAccessKey Status=Active). Reviving an old key is quieter than creating a new one. When both snapshots hold the access-key metadata, the key is named by its id (its status went from Inactive to Active); otherwise it is matched in the credential report by creation date. Fix: confirm why the key is needed again; prefer a new key or a role, and delete the old one. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        if (CredentialFacts.HasKeyIds(context))
        {
            foreach (var (change, key, property) in CredentialFacts.KeyChanges(context))
            {
                if (property.Path == AccountPartsDiffer.AccessKeyPath(key.AccessKeyId) + "/status" && key.IsActive)
                {
                    var created = key.CreateDate is { } date ? CredentialFacts.Day(date) : "on an unknown date";
                    context.Report(change, "access key " + key.AccessKeyId + " reactivated", property.Path, change.Name, "access key " + key.AccessKeyId, created);
                }
            }

            return;
        }

        foreach (var (change, before, after) in CredentialFacts.ChangedUserRows(context))
        {
            foreach (var slot in CredentialFacts.AccessKeys(after).Where(s => s.Key.Active && CredentialFacts.SameKey(before, s.Key) is { Active: false }))
            {
                context.Report(change, CredentialFacts.KeySubject(slot) + " reactivated", slot.Path + "/active", change.Name, slot.Label, CredentialFacts.Day(slot.Key.LastRotated.Value!.Value));
            }
        }
    }
}

/// <summary>IAM3016: an existing user got a console password.</summary>
internal sealed class ConsolePasswordAddedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3016", "Console password added", "User {0} can now sign in to the console with a password ({1})",
        RuleCategory.Credentials, RuleKind.Change, Severity.High,
        "An existing user had no console password and now has one (CreateLoginProfile). Giving a password to a user that only had keys, or to someone else's user, opens console access with that user's permissions; attackers do it to come back through the console. Fix: confirm the user needs the console; require MFA; otherwise delete the login profile. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var (change, before, after) in CredentialFacts.ChangedUserRows(context))
        {
            if (before.Password.Status == PasswordStatus.Disabled && after.Password.Status == PasswordStatus.Enabled)
            {
                var since = after.Password.LastChanged.Value is { } set ? $"set {CredentialFacts.Day(set)}, " : string.Empty;
                context.Report(change, "password added " + after.Password.LastChanged, "/credentials/password/enabled", change.Name, since + (after.MfaActive ? "MFA active" : "no MFA"));
            }
        }
    }
}

/// <summary>IAM3017: MFA removed from a user who keeps a console password.</summary>
internal sealed class MfaRemovedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3017", "MFA removed from a console user", "User {0} no longer has an active MFA device but still has a console password",
        RuleCategory.Credentials, RuleKind.Change, Severity.High,
        "The user's MFA device was deactivated or deleted (DeactivateMFADevice) while the console password stayed: the account is now one leaked password away from console access. Attackers remove MFA after taking over a password so they can sign in again. Fix: ask the user to assign a new device; if nobody expected it, reset the password and review CloudTrail. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var (change, before, after) in CredentialFacts.ChangedUserRows(context))
        {
            if (before.MfaActive && !after.MfaActive && after.Password.IsEnabled)
            {
                context.Report(change, "mfa removed", "/credentials/mfaActive", change.Name);
            }
        }
    }
}

/// <summary>IAM3018: the root user was used between the snapshots.</summary>
internal sealed class RootUsedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3018", "Root user used", "The root user's {0} was used on {1}{2}",
        RuleCategory.Credentials, RuleKind.Change, Severity.Critical,
        "The root password or a root access key was used between the snapshots: its last-used date in the after credential report is later than in the before report (or it had never been used). Last-used dates are never diff properties, but this rule reads them from both snapshots. Root can do anything and no policy limits it, so every use deserves a look. Fix: find the session in CloudTrail (userIdentity.type = Root) and confirm it was one of the tasks only root can do. Each use is its own finding (the date is in the fingerprint), so a baseline does not hide the next one.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        if (CredentialFacts.RootRows(context) is not ({ } before, { } after))
        {
            return;
        }

        var arn = CredentialFacts.AccountArn(context.After);
        if (after.Password.LastUsed.Value is { } passwordUsed && !(before.Password.LastUsed.Value >= passwordUsed))
        {
            context.Report(arn, EntityKind.Account, "password used " + CredentialFacts.Timestamp(passwordUsed), null, "password", CredentialFacts.Timestamp(passwordUsed), string.Empty);
        }

        foreach (var slot in CredentialFacts.AccessKeys(after).Where(s => s.Key.LastUsed.HasValue))
        {
            var used = slot.Key.LastUsed.Value!.Value;
            if (!(CredentialFacts.SameKey(before, slot.Key)?.LastUsed.Value >= used))
            {
                var where = string.Join(", ", new[] { slot.Key.LastUsedService, slot.Key.LastUsedRegion }.OfType<string>());
                context.Report(arn, EntityKind.Account, $"{CredentialFacts.KeySubject(slot)} used {CredentialFacts.Timestamp(used)}", null, slot.Label, CredentialFacts.Timestamp(used), where.Length > 0 ? $" ({where})" : string.Empty);
            }
        }
    }
}

/// <summary>IAM3019: the root user's credentials changed.</summary>
internal sealed class RootCredentialsChangedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3019", "Root credentials changed", "The root user's credentials changed: {0}",
        RuleCategory.Credentials, RuleKind.Change, Severity.Critical,
        "Between the snapshots a root access key or signing certificate became active (new or reactivated), the root password was set or changed, or root MFA was removed. Only someone signed in as root can do these, and each one is how an attacker who got the root password keeps the account. Changes the report cannot tell (not_supported cells of pre-2025 reports) are ignored. Fix: confirm with the account owner; if unexpected, secure the root e-mail address, reset the password, re-enable MFA and delete unknown keys. Suppress only with a dated justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        if (CredentialFacts.RootRows(context) is not ({ } before, { } after))
        {
            return;
        }

        var arn = CredentialFacts.AccountArn(context.After);
        foreach (var slot in CredentialFacts.AccessKeys(after).Where(s => s.Key.Active && CredentialFacts.SameKey(before, s.Key) is not { Active: true }))
        {
            var how = CredentialFacts.SameKey(before, slot.Key) is null ? "a new access key is active" : "an inactive access key was reactivated";
            context.Report(arn, EntityKind.Account, CredentialFacts.KeySubject(slot) + " active", slot.Path + "/active", $"{how} ({slot.Label}, {CredentialFacts.Describe(slot.Key)})");
        }

        foreach (var slot in CredentialFacts.Certificates(after).Where(s => s.Certificate.Active && CredentialFacts.SameCertificate(before, s.Certificate) is not { Active: true }))
        {
            context.Report(arn, EntityKind.Account, slot.Label + " active " + slot.Certificate.LastRotated, slot.Path + "/active", $"a signing certificate became active ({slot.Label})");
        }

        if (before.Password.Status == PasswordStatus.Disabled && after.Password.Status == PasswordStatus.Enabled)
        {
            context.Report(arn, EntityKind.Account, "password set " + after.Password.LastChanged, "/credentials/password/enabled", "a root password was set");
        }
        else if (before.Password.LastChanged.Value is { } oldChange && after.Password.LastChanged.Value is { } newChange && newChange != oldChange)
        {
            context.Report(arn, EntityKind.Account, "password changed " + CredentialFacts.Timestamp(newChange), "/credentials/password/lastChanged", $"the root password was changed on {CredentialFacts.Timestamp(newChange)}");
        }

        if (before.MfaActive && !after.MfaActive)
        {
            context.Report(arn, EntityKind.Account, "mfa removed", "/credentials/mfaActive", "root MFA was removed");
        }
    }
}

/// <summary>IAM3020: a new user that can sign in to the console.</summary>
internal sealed class NewConsoleUserRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3020", "New user with console access", "New user {0} can sign in to the console with a password ({1})",
        RuleCategory.Credentials, RuleKind.Change, Severity.Medium,
        "A user created between the snapshots already has a console password in the after credential report. New people should normally get access through SSO and roles; a new IAM user with a password is how many account takeovers add a back door (CreateUser then CreateLoginProfile). Fires only when the after snapshot has a credential report with the user's row. Fix: confirm the user is expected, require MFA, prefer Identity Center. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        if (context.After.CredentialReport is not { } report)
        {
            return;
        }

        foreach (var change in context.Diff.Changes.Where(c => c.Kind == ChangeKind.Added && c.EntityType == EntityKind.User))
        {
            if (report.FindUser(change.Arn) is { Password.IsEnabled: true } row)
            {
                context.Report(change, "console user added", "/credentials/password/enabled", change.Name, row.MfaActive ? "MFA active" : "no MFA");
            }
        }
    }
}
