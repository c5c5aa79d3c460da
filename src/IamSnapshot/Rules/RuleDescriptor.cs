using System.Globalization;

namespace IamSnapshot.Rules;

/// <summary>Whether a rule compares two snapshots or looks at one.</summary>
public enum RuleKind
{
    /// <summary>Looks at the differences between two snapshots.</summary>
    Change,

    /// <summary>Looks at one snapshot's standing configuration.</summary>
    Posture,
}

/// <summary>
/// Describes a rule, in the manner of a Roslyn <c>DiagnosticDescriptor</c>: a stable id that is never reused,
/// a title, a message format, a category, a default severity and a description with its help page. Immutable.
/// </summary>
public sealed record RuleDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="id">The stable id, <c>IAM</c> followed by four digits.</param>
    /// <param name="title">A short title.</param>
    /// <param name="messageFormat">A composite format string for findings' messages ({0}, {1}, …).</param>
    /// <param name="category">The category, which owns the id's range.</param>
    /// <param name="kind">Whether the rule compares snapshots or looks at one.</param>
    /// <param name="defaultSeverity">The severity unless configuration says otherwise.</param>
    /// <param name="description">Why it matters, how to fix it, how to suppress it.</param>
    /// <param name="isEnabledByDefault">False for rules that ship disabled.</param>
    public RuleDescriptor(string id, string title, string messageFormat, RuleCategory category, RuleKind kind, Severity defaultSeverity, string description, bool isEnabledByDefault = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (id.Length != 7 || !id.StartsWith("IAM", StringComparison.Ordinal) || !id.Skip(3).All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"Rule ids are IAM followed by four digits; \"{id}\" is not.", nameof(id));
        }

        Id = id;
        Title = title ?? throw new ArgumentNullException(nameof(title));
        MessageFormat = messageFormat ?? throw new ArgumentNullException(nameof(messageFormat));
        Category = category;
        Kind = kind;
        DefaultSeverity = defaultSeverity;
        Description = description ?? throw new ArgumentNullException(nameof(description));
        IsEnabledByDefault = isEnabledByDefault;
    }

    /// <summary>The stable id.</summary>
    public string Id { get; }

    /// <summary>A short title.</summary>
    public string Title { get; }

    /// <summary>The message format.</summary>
    public string MessageFormat { get; }

    /// <summary>The category.</summary>
    public RuleCategory Category { get; }

    /// <summary>Change or posture.</summary>
    public RuleKind Kind { get; }

    /// <summary>The default severity.</summary>
    public Severity DefaultSeverity { get; }

    /// <summary>Why it matters, how to fix, how to suppress.</summary>
    public string Description { get; }

    /// <summary>Whether the rule runs unless configuration enables it.</summary>
    public bool IsEnabledByDefault { get; }

    /// <summary>Set for a rule that a better one replaced; its id is never reused.</summary>
    public string? DeprecatedBy { get; init; }

    /// <summary>The help page, relative to the repository root.</summary>
    public string HelpPath => $"docs/rules/{Id}.md";

    /// <summary>Formats the message of a finding.</summary>
    /// <param name="arguments">The message arguments.</param>
    /// <returns>The message.</returns>
    public string FormatMessage(params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);
}
