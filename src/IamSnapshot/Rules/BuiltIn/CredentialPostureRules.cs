using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

// Posture rules on the credential report. The root row is judged only by the root rules (IAM3001–IAM3004): it is
// not an IAM user, its password columns changed meaning in 2025, and user rules applied to it give false positives
// (prowler#3537, steampipe-mod-aws-compliance#276). Duplicate rows are never judged; the user's first row is
// (IAM3013 shows what the others say). Ages are measured against CredentialFacts.ReferenceTime, never the clock.

/// <summary>IAM3001: the root user has an active access key.</summary>
internal sealed class RootAccessKeyRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3001", "Root user has an active access key", "The root user has an active access key: {0}",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Critical,
        "A root access key is a long-lived secret that can do anything in the account, cannot be limited by any IAM policy or permissions boundary, and is the credential attackers look for first. AWS and the CIS benchmark say the root user should have no access keys. Read from the credential report's root row; when the snapshot has no credential report, from the account summary (AccountAccessKeysPresent). Fix: find what uses the key (its last-used service and region), move that to an IAM role, then delete the key (IAM console, signed in as root). Suppress only with a dated justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        var arn = CredentialFacts.AccountArn(snapshot);
        if (snapshot.CredentialReport is { } report)
        {
            foreach (var slot in report.Root is { } root ? CredentialFacts.AccessKeys(root).Where(s => s.Key.Active) : [])
            {
                context.Report(arn, EntityKind.Account, CredentialFacts.KeySubject(slot), slot.Path + "/active", $"{slot.Label}, {CredentialFacts.Describe(slot.Key)}");
            }
        }
        else if (snapshot.AccountSummary?.AccountAccessKeysPresent == true)
        {
            context.Report(arn, EntityKind.Account, "account summary", null, "the account summary says AccountAccessKeysPresent = 1 (the snapshot has no credential report to tell which key)");
        }
    }
}

/// <summary>IAM3002: the root user has no MFA.</summary>
internal sealed class RootWithoutMfaRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3002", "Root user without MFA", "The root user has no MFA device{0}",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Critical,
        "Without MFA, the root user's password alone gives complete, unrestricted control of the account, and password resets go through the account's e-mail address. Read from the credential report's root row (mfa_active), else from the account summary (AccountMFAEnabled). A root user with no password, no access key and no certificate (accounts whose root credentials are managed centrally by AWS Organizations) cannot sign in and is not reported. Fix: sign in as root and assign an MFA device, preferably a hardware key. Suppress only with a dated justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        var arn = CredentialFacts.AccountArn(snapshot);
        if (snapshot.CredentialReport is { } report)
        {
            if (report.Root is { MfaActive: false } root && CredentialFacts.HasAnyCredential(root))
            {
                context.Report(arn, EntityKind.Account, "root-mfa", "/credentials/mfaActive", string.Empty);
            }
        }
        else if (snapshot.AccountSummary?.AccountMfaEnabled == false)
        {
            context.Report(arn, EntityKind.Account, "root-mfa", null, " (the account summary says AccountMFAEnabled = 0)");
        }
    }
}

/// <summary>IAM3003: the root user was used recently.</summary>
internal sealed class RootUsedRecentlyRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3003", "Root user used recently", "The root user's {0} was used on {1}, {2} day(s) before the capture",
        RuleCategory.Credentials, RuleKind.Posture, Severity.High,
        "The root user should be locked away and used only for the few tasks that need it (CIS: do not use root for daily work). Fires when the root password or a root access key was last used at most maxAgeDays days (option, default 90, as ScoutSuite) before the snapshot's capture time (the report's generation time when the capture time is unknown; silent when neither is known). The default is a review window, not an alarm: the change rule IAM3018 fires on every new root use between two snapshots whatever their interval, so this rule does not need Prowler's one-day window, which only works when scans run daily. Fix: find out who used root and why (CloudTrail: userIdentity.type = Root), and move that work to IAM roles. Each use is its own finding (the date is in the fingerprint), so a suppression or baseline for one use does not hide the next.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        if (snapshot.CredentialReport?.Root is not { } root || CredentialFacts.ReferenceTime(snapshot) is not { } reference)
        {
            return;
        }

        var maxAge = TimeSpan.FromDays(context.Options.GetInt("maxAgeDays", 90));
        var uses = new List<(string What, DateTimeOffset Used)>();
        if (root.Password.LastUsed.Value is { } passwordUsed)
        {
            uses.Add(("password", passwordUsed));
        }

        uses.AddRange(CredentialFacts.AccessKeys(root).Where(s => s.Key.LastUsed.HasValue).Select(s => (s.Label, s.Key.LastUsed.Value!.Value)));
        foreach (var (what, used) in uses.Where(u => reference - u.Used <= maxAge))
        {
            context.Report(CredentialFacts.AccountArn(snapshot), EntityKind.Account, $"{what} used {CredentialFacts.Timestamp(used)}", null, what, CredentialFacts.Day(used), CredentialFacts.DaysBetween(used, reference));
        }
    }
}

/// <summary>IAM3004: the root user has an active signing certificate.</summary>
internal sealed class RootSigningCertificateRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3004", "Root user has an active signing certificate", "The root user has an active X.509 signing certificate: {0}",
        RuleCategory.Credentials, RuleKind.Posture, Severity.High,
        "An X.509 signing certificate on the root user signs requests to the few AWS services that still accept SOAP or certificate-signed calls, with the root user's unlimited power. Such certificates date from the early days of AWS and are almost always forgotten. Read from the credential report's root row (cert_N_active), else from the account summary (AccountSigningCertificatesPresent). Fix: delete the certificate (IAM console, signed in as root, Security credentials). Suppress by rule id and the account's root ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        var arn = CredentialFacts.AccountArn(snapshot);
        if (snapshot.CredentialReport is { } report)
        {
            foreach (var slot in report.Root is { } root ? CredentialFacts.Certificates(root).Where(s => s.Certificate.Active) : [])
            {
                var since = slot.Certificate.LastRotated.Value is { } rotated ? $", uploaded {CredentialFacts.Day(rotated)}" : string.Empty;
                context.Report(arn, EntityKind.Account, slot.Label, slot.Path + "/active", slot.Label + since);
            }
        }
        else if (snapshot.AccountSummary?.AccountSigningCertificatesPresent == true)
        {
            context.Report(arn, EntityKind.Account, "account summary", null, "the account summary says AccountSigningCertificatesPresent = 1");
        }
    }
}

/// <summary>IAM3005: a user with a console password and no MFA.</summary>
internal sealed class ConsoleUserWithoutMfaRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3005", "Console user without MFA", "User {0} can sign in to the console with a password and has no MFA device",
        RuleCategory.Credentials, RuleKind.Posture, Severity.High,
        "A console password without MFA falls to phishing, reuse of a leaked password or guessing. Fires for IAM users whose credential-report row says password_enabled = true and mfa_active = false (the root user is IAM3002's). Fix: have the user assign an MFA device, and require MFA in policies (aws:MultiFactorAuthPresent); or remove the password if the user does not need the console. Suppress by rule id and user ARN glob with a justification (for example break-glass users with MFA held elsewhere).");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var row in context.Snapshot.CredentialReport?.Users ?? [])
        {
            if (row.Password.IsEnabled && !row.MfaActive)
            {
                context.Report(row.Arn, EntityKind.User, "console-without-mfa", "/credentials/mfaActive", row.UserName);
            }
        }
    }
}

/// <summary>IAM3006: a console password unused for a long time.</summary>
internal sealed class UnusedPasswordRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3006", "Console password unused", "User {0}'s console password {1}",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Medium,
        "An enabled password nobody uses is standing access nobody watches (CIS: disable credentials unused for 45 to 90 days). Fires when an IAM user's password is enabled and was last used more than maxAgeDays days (option, default 90) before the snapshot's capture time (the report's generation time when the capture time is unknown), or has no recorded use (N/A, or no_information: never used or last used before October 2014) and was set, or the user created, more than maxAgeDays days before. Fix: delete the user's login profile, or the user. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        if (snapshot.CredentialReport is not { } report || CredentialFacts.ReferenceTime(snapshot) is not { } reference)
        {
            return;
        }

        var maxAge = TimeSpan.FromDays(context.Options.GetInt("maxAgeDays", 90));
        foreach (var row in report.Users.Where(r => r.Password.IsEnabled))
        {
            if (row.Password.LastUsed.Value is { } used)
            {
                if (reference - used > maxAge)
                {
                    context.Report(row.Arn, EntityKind.User, "password-unused", "/credentials/password/enabled", row.UserName, $"was last used on {CredentialFacts.Day(used)}, {CredentialFacts.DaysBetween(used, reference)} days before the capture");
                }
            }
            else if ((row.Password.LastChanged.Value ?? row.UserCreationTime.Value) is { } set && reference - set > maxAge)
            {
                context.Report(row.Arn, EntityKind.User, "password-unused", "/credentials/password/enabled", row.UserName, $"has no recorded sign-in since it was set on {CredentialFacts.Day(set)}, {CredentialFacts.DaysBetween(set, reference)} days before the capture");
            }
        }
    }
}

/// <summary>IAM3007: an active access key unused for a long time, or never used.</summary>
internal sealed class UnusedAccessKeyRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3007", "Access key unused", "User {0}'s {1} is active but {2}",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Medium,
        "An active access key nobody uses is a secret that can leak with no benefit. Fires when an IAM user's active key was last used more than maxAgeDays days (option, default 90) before the snapshot's capture time (the report's generation time when the capture time is unknown), or was never used and was created more than maxAgeDays days before. Fix: deactivate the key, wait, then delete it. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        if (snapshot.CredentialReport is not { } report || CredentialFacts.ReferenceTime(snapshot) is not { } reference)
        {
            return;
        }

        var maxAge = TimeSpan.FromDays(context.Options.GetInt("maxAgeDays", 90));
        foreach (var row in report.Users)
        {
            foreach (var slot in CredentialFacts.AccessKeys(row).Where(s => s.Key.Active))
            {
                if (slot.Key.LastUsed.Value is { } used)
                {
                    if (reference - used > maxAge)
                    {
                        context.Report(row.Arn, EntityKind.User, CredentialFacts.KeySubject(slot), slot.Path + "/active", row.UserName, slot.Label, $"was last used on {CredentialFacts.Day(used)}, {CredentialFacts.DaysBetween(used, reference)} days before the capture");
                    }
                }
                else if (slot.Key.LastRotated.Value is { } created && reference - created > maxAge)
                {
                    context.Report(row.Arn, EntityKind.User, CredentialFacts.KeySubject(slot), slot.Path + "/active", row.UserName, slot.Label, $"was never used since it was created on {CredentialFacts.Day(created)}, {CredentialFacts.DaysBetween(created, reference)} days before the capture");
                }
            }
        }
    }
}

/// <summary>IAM3008: an active access key older than the rotation period.</summary>
internal sealed class AccessKeyNotRotatedRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3008", "Access key not rotated", "User {0}'s {1} was created on {2}, {3} days before the capture, and is still active",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Medium,
        "The longer a key lives, the more places it has been copied to and the longer a leaked copy stays useful (CIS: rotate access keys every 90 days). Fires when an IAM user's active key was created (access_key_N_last_rotated) more than maxAgeDays days (option, default 90, as AWS Config's access-keys-rotated) before the snapshot's capture time (the report's generation time when the capture time is unknown). Fix: create a second key, move its users to it, deactivate and then delete the old one; better, replace the key with an IAM role. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        if (snapshot.CredentialReport is not { } report || CredentialFacts.ReferenceTime(snapshot) is not { } reference)
        {
            return;
        }

        var maxAge = TimeSpan.FromDays(context.Options.GetInt("maxAgeDays", 90));
        foreach (var row in report.Users)
        {
            foreach (var slot in CredentialFacts.AccessKeys(row).Where(s => s.Key.Active))
            {
                if (slot.Key.LastRotated.Value is { } created && reference - created > maxAge)
                {
                    context.Report(row.Arn, EntityKind.User, CredentialFacts.KeySubject(slot), slot.Path + "/lastRotated", row.UserName, slot.Label, CredentialFacts.Day(created), CredentialFacts.DaysBetween(created, reference));
                }
            }
        }
    }
}

/// <summary>IAM3009: both access-key slots active.</summary>
internal sealed class TwoActiveAccessKeysRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3009", "Two active access keys", "User {0} has two active access keys ({1}; {2})",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Low,
        "Two active keys are normal for the few minutes of a rotation; kept longer, one of them is usually a forgotten copy. IAM allows two keys per user, so a user with both slots active also cannot get a new key without deleting one, which breaks rotation. Fix: find which key is in use (last used date and service) and delete the other. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var row in context.Snapshot.CredentialReport?.Users ?? [])
        {
            if (row.AccessKey1.Active && row.AccessKey2.Active)
            {
                context.Report(row.Arn, EntityKind.User, "two-active-keys", null, row.UserName, CredentialFacts.Describe(row.AccessKey1), CredentialFacts.Describe(row.AccessKey2));
            }
        }
    }
}

/// <summary>IAM3010: a user with an active X.509 signing certificate.</summary>
internal sealed class UserSigningCertificateRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3010", "User has an active signing certificate", "User {0} has an active X.509 signing certificate ({1})",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Low,
        "Signing certificates are a legacy credential (SOAP APIs, old EC2 tools); few workloads still need one, and they are easy to forget because they show up nowhere else. Fires for IAM users whose credential-report row says cert_N_active = true (the root user is IAM3004's). Fix: delete certificates nothing uses (aws iam delete-signing-certificate). Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var row in context.Snapshot.CredentialReport?.Users ?? [])
        {
            foreach (var slot in CredentialFacts.Certificates(row).Where(s => s.Certificate.Active))
            {
                var since = slot.Certificate.LastRotated.Value is { } rotated ? $"{slot.Label}, uploaded {CredentialFacts.Day(rotated)}" : slot.Label;
                context.Report(row.Arn, EntityKind.User, slot.Label, slot.Path + "/active", row.UserName, since);
            }
        }
    }
}

/// <summary>IAM3011: a console password and an active access key on one user (off by default).</summary>
internal sealed class PasswordAndAccessKeyRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3011", "Console password and access key on one user", "User {0} has both a console password and an active access key",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Low,
        "Where people sign in to the console and workloads use keys, one user with both is either a person with a long-lived key on a laptop or a workload someone also signs in as. Off by default because many accounts give developers both on purpose (ScoutSuite and Security Monkey report it only as a warning); enable it with the strict preset or a severity. Fix: give people roles through SSO and workloads roles, or split the user. Suppress by rule id and user ARN glob with a justification.",
        isEnabledByDefault: false);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var row in context.Snapshot.CredentialReport?.Users ?? [])
        {
            if (row.Password.IsEnabled && (row.AccessKey1.Active || row.AccessKey2.Active))
            {
                context.Report(row.Arn, EntityKind.User, "password-and-key", null, row.UserName);
            }
        }
    }
}

/// <summary>IAM3012: the credential report was old when the snapshot was captured.</summary>
internal sealed class StaleCredentialReportRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3012", "Credential report older than the capture", "The credential report was generated on {0}, {1} hour(s) before the snapshot was captured",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Low,
        "Credential findings are only as fresh as the report: keys created, used or deleted since it was generated are not in it. AWS serves a cached report for up to 4 hours after GenerateCredentialReport, so a capture that asked for a fresh report holds one at most 4 hours old; this rule fires when the report is more than maxAgeHours hours (option, default 6: the 4 hours plus 2 for a slow capture and clock skew) older than the capture time. It needs both times: a folder import without --captured-at takes the report's own time and never fires. Fix: call aws iam generate-credential-report until it says COMPLETE, then fetch the report and capture again. Suppress by rule id and the account's root ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        if (snapshot.CredentialReport?.GeneratedAt is not { } generated || snapshot.Metadata.CapturedAt is not { } captured)
        {
            return;
        }

        var age = captured - generated;
        if (age > TimeSpan.FromHours(context.Options.GetInt("maxAgeHours", 6)))
        {
            context.Report(CredentialFacts.AccountArn(snapshot), EntityKind.Account, "report generated " + CredentialFacts.Timestamp(generated), null, CredentialFacts.Timestamp(generated), (int)Math.Floor(age.TotalHours));
        }
    }
}

/// <summary>IAM3013: a user appears more than once in the credential report.</summary>
internal sealed class DuplicateCredentialRowRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM3013", "Duplicate credential-report row", "{0} has {1} rows in the credential report; the rules judged the first, and the later row(s) differ in: {2}",
        RuleCategory.Credentials, RuleKind.Posture, Severity.Low,
        "IAM writes one row per user; two rows for one ARN come from an edited file or a user deleted and recreated while the report was built. The snapshot keeps every row, uses the first row of each ARN as the user's row (every credential rule and the differ judge that one), and keeps the others as duplicates; this finding makes the choice visible in reports, naming what the other rows say differently (an active key only in a later row is otherwise not judged). Fix: generate a fresh report and capture again. Suppress by rule id and user ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        if (context.Snapshot.CredentialReport is not { } report)
        {
            return;
        }

        foreach (var group in report.Duplicates.GroupBy(d => d.Arn, StringComparer.Ordinal))
        {
            var kept = report.FindUser(group.Key) ?? report.Root;
            if (kept is null || !string.Equals(kept.Arn, group.Key, StringComparison.Ordinal))
            {
                continue;
            }

            var differences = group.SelectMany(d => AccountPartsDiffer.CompareRows(kept, d))
                .Select(p => $"{p.Path[AccountPartsDiffer.CredentialsPrefix.Length..]} ({p.OldValue} then {p.NewValue})")
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var kind = kept.IsRoot ? EntityKind.Account : EntityKind.User;
            var what = kept.IsRoot ? "The root user" : "User " + kept.UserName;
            var arn = kept.IsRoot ? CredentialFacts.AccountArn(context.Snapshot) : kept.Arn;
            context.Report(arn, kind, "duplicate rows", null, what, group.Count() + 1, differences.Count == 0 ? "nothing the rules read" : string.Join(", ", differences));
        }
    }
}
