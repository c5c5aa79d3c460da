using System.Security.Cryptography;
using System.Text;
using IamSnapshot.Model;

namespace IamSnapshot.Rules;

/// <summary>
/// One result of a rule: which rule, how severe, which entity, what happened, and a stable fingerprint.
/// Immutable value.
/// </summary>
public sealed record Finding
{
    /// <summary>The rule's id.</summary>
    public required string RuleId { get; init; }

    /// <summary>The rule's title.</summary>
    public required string Title { get; init; }

    /// <summary>The effective severity (configuration may change the rule's default).</summary>
    public required Severity Severity { get; init; }

    /// <summary>The entity the finding is about (an ARN, or the account's root ARN for account-level findings).</summary>
    public required string Arn { get; init; }

    /// <summary>The kind of entity, when the finding is about one.</summary>
    public EntityKind? EntityType { get; init; }

    /// <summary>The message.</summary>
    public required string Message { get; init; }

    /// <summary>
    /// What exactly the finding is about within the entity (the granted policy, the added principal, the
    /// credential). Part of the fingerprint; never a position such as a statement index.
    /// </summary>
    public required string Subject { get; init; }

    /// <summary>The JSON pointer of the property the finding is about, when there is one.</summary>
    public string? PropertyPath { get; init; }

    /// <summary>Whether a suppression in the configuration covers the finding (it is then reported but does not fail).</summary>
    public bool Suppressed { get; init; }

    /// <summary>The justification of the suppression that covers the finding.</summary>
    public string? SuppressionJustification { get; init; }

    /// <summary>Whether the finding comes from a change rule or a posture rule.</summary>
    public RuleKind Kind { get; init; } = RuleKind.Change;

    /// <summary>
    /// A stable identity for the finding: a hash of the rule id, the ARN and the subject, so it survives
    /// reordering, other changes and other machines. Baselines and SARIF use it.
    /// </summary>
    public string Fingerprint => ComputeFingerprint(RuleId, Arn, Subject);

    /// <summary>Computes a fingerprint from its three parts.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="arn">The entity ARN.</param>
    /// <param name="subject">The finding's subject.</param>
    /// <returns>32 lower-case hex digits.</returns>
    public static string ComputeFingerprint(string ruleId, string arn, string subject)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{ruleId}\n{arn}\n{subject}"));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }
}
