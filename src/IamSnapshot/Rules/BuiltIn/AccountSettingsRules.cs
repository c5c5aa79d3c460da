using System.Collections.Immutable;
using System.Globalization;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>IAM6001: the account has no password policy.</summary>
internal sealed class NoPasswordPolicyRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM6001", "No password policy", "The account has no password policy: IAM users may set any password of 8 or more characters",
        RuleCategory.AccountSettings, RuleKind.Posture, Severity.Medium,
        "Without a password policy IAM accepts any password of at least 8 characters, with no reuse prevention (CIS: minimum length 14, reuse prevention 24). Fires only when the snapshot knows that no policy is set (GetAccountPasswordPolicy said NoSuchEntity); an unknown policy is not reported. Fix: aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 (and the options of IAM6002's profile). Accounts with no IAM user passwords at all may suppress it by rule id and the account's root ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        if (context.Snapshot.PasswordPolicy is { IsSet: false })
        {
            context.Report(CredentialFacts.AccountArn(context.Snapshot), EntityKind.Account, "no password policy", "/passwordPolicy/isSet");
        }
    }
}

/// <summary>IAM6002: the password policy is weaker than the configured profile.</summary>
internal sealed class WeakPasswordPolicyRule : PostureRule
{
    private static readonly ImmutableArray<string> AllClasses = ["lowercase", "uppercase", "numbers", "symbols"];

    public static readonly RuleDescriptor Rule = new(
        "IAM6002", "Weak password policy", "The password policy is weaker than the profile: {0}",
        RuleCategory.AccountSettings, RuleKind.Posture, Severity.Medium,
        "Compares the password policy with a profile, by default the CIS AWS Foundations one the surveyed tools check: minimumLength 14, reusePrevention 24 (remembered passwords), requireCharacterClasses [lowercase, uppercase, numbers, symbols] and maxAgeDays 90 (passwords must expire within that many days). One rule, one finding, with every shortfall in the message: the policy is one object that one call (UpdateAccountPasswordPolicy) fixes, so separate findings per field would only multiply noise. Each part of the profile is an option; NIST SP 800-63B advises against forced expiry and composition rules, so to follow it set maxAgeDays to 0 and requireCharacterClasses to [] (reusePrevention 0 also turns that check off). A policy that is not set is IAM6001's. Suppress by rule id and the account's root ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        if (context.Snapshot.PasswordPolicy is not { IsSet: true } policy)
        {
            return;
        }

        var options = context.Options;
        var minimumLength = options.GetInt("minimumLength", 14);
        var reuse = options.GetInt("reusePrevention", 24);
        var maxAge = options.GetInt("maxAgeDays", 90);
        var classes = options.Values.TryGetValue("requireCharacterClasses", out var configured) ? configured : AllClasses;
        var unknown = classes.FirstOrDefault(c => !AllClasses.Contains(c, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            // Ignoring a misspelt class would silently weaken the profile; the engine reports this as IAM0001.
            throw new InvalidOperationException($"option requireCharacterClasses: unknown class \"{unknown}\"; expected {string.Join(", ", AllClasses)}");
        }

        var shortfalls = new List<string>();
        if (policy.MinimumPasswordLength is not { } length || length < minimumLength)
        {
            shortfalls.Add(string.Create(CultureInfo.InvariantCulture, $"minimum length {(policy.MinimumPasswordLength is { } l ? l.ToString(CultureInfo.InvariantCulture) : "not given")} (profile {minimumLength})"));
        }

        if (reuse > 0 && (policy.PasswordReusePrevention is not { } remembered || remembered < reuse))
        {
            shortfalls.Add(policy.PasswordReusePrevention is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"remembers {r} previous passwords (profile {reuse})")
                : string.Create(CultureInfo.InvariantCulture, $"does not prevent password reuse (profile {reuse})"));
        }

        foreach (var (name, required) in new[] { ("lowercase", policy.RequireLowercaseCharacters), ("uppercase", policy.RequireUppercaseCharacters), ("numbers", policy.RequireNumbers), ("symbols", policy.RequireSymbols) })
        {
            if (!required && classes.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                shortfalls.Add($"does not require {name}");
            }
        }

        if (maxAge > 0)
        {
            if (!policy.ExpirePasswords || policy.MaxPasswordAge is null)
            {
                shortfalls.Add(string.Create(CultureInfo.InvariantCulture, $"passwords never expire (profile {maxAge} days)"));
            }
            else if (policy.MaxPasswordAge > maxAge)
            {
                shortfalls.Add(string.Create(CultureInfo.InvariantCulture, $"passwords expire after {policy.MaxPasswordAge} days (profile {maxAge})"));
            }
        }

        if (shortfalls.Count > 0)
        {
            context.Report(CredentialFacts.AccountArn(context.Snapshot), EntityKind.Account, "weak password policy", "/passwordPolicy", string.Join("; ", shortfalls));
        }
    }
}

/// <summary>IAM6003: the password policy was weakened or deleted.</summary>
internal sealed class PasswordPolicyWeakenedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM6003", "Password policy weakened", "The password policy was weakened: {0}",
        RuleCategory.AccountSettings, RuleKind.Change, Severity.Medium,
        "Some setting of the account password policy is weaker after than before: the policy was deleted, the minimum length or the number of remembered passwords went down (or reuse prevention was removed), a character class is no longer required, passwords no longer expire or expire later, users may no longer change their own password, or hard expiry was turned off. Lowering the bar first is how weak passwords get in. Fires only when both snapshots know the policy. Fix: restore the settings (aws iam update-account-password-policy). Suppress by rule id and the account's root ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        if (context.Before.PasswordPolicy is not { IsSet: true } before || context.After.PasswordPolicy is not { } after)
        {
            return;
        }

        var weakened = new List<(string Field, string Text)>();
        if (!after.IsSet)
        {
            weakened.Add(("isSet", "the policy was deleted (IAM's defaults apply: any password of 8 or more characters)"));
        }
        else
        {
            if (before.MinimumPasswordLength is { } oldLength && after.MinimumPasswordLength is { } newLength && newLength < oldLength)
            {
                weakened.Add(("minimumPasswordLength", Text($"minimum length {oldLength} -> {newLength}")));
            }

            if (before.PasswordReusePrevention is { } oldReuse && (after.PasswordReusePrevention is not { } newReuse || newReuse < oldReuse))
            {
                weakened.Add(("passwordReusePrevention", after.PasswordReusePrevention is { } n ? Text($"remembered passwords {oldReuse} -> {n}") : "reuse prevention removed"));
            }

            foreach (var (field, text, old, @new) in new[]
            {
                ("requireLowercaseCharacters", "lower-case letters no longer required", before.RequireLowercaseCharacters, after.RequireLowercaseCharacters),
                ("requireUppercaseCharacters", "upper-case letters no longer required", before.RequireUppercaseCharacters, after.RequireUppercaseCharacters),
                ("requireNumbers", "numbers no longer required", before.RequireNumbers, after.RequireNumbers),
                ("requireSymbols", "symbols no longer required", before.RequireSymbols, after.RequireSymbols),
                ("allowUsersToChangePassword", "users may no longer change their own password", before.AllowUsersToChangePassword, after.AllowUsersToChangePassword),
                ("hardExpiry", "hard expiry turned off", before.HardExpiry, after.HardExpiry),
            })
            {
                if (old && !@new)
                {
                    weakened.Add((field, text));
                }
            }

            if (before.ExpirePasswords && !after.ExpirePasswords)
            {
                weakened.Add(("expirePasswords", "passwords no longer expire"));
            }
            else if (before.MaxPasswordAge is { } oldAge && after.MaxPasswordAge is { } newAge && newAge > oldAge)
            {
                weakened.Add(("maxPasswordAge", Text($"passwords expire after {newAge} days instead of {oldAge}")));
            }
        }

        if (weakened.Count > 0)
        {
            var arn = CredentialFacts.AccountChange(context)?.Arn ?? CredentialFacts.AccountArn(context.After);
            context.Report(arn, EntityKind.Account, "weakened " + string.Join(",", weakened.Select(w => w.Field)), "/passwordPolicy", string.Join("; ", weakened.Select(w => w.Text)));
        }

        static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
