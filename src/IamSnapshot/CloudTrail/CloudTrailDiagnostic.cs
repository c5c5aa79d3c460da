namespace IamSnapshot.CloudTrail;

/// <summary>How much a <see cref="CloudTrailDiagnostic"/> matters.</summary>
public enum CloudTrailDiagnosticSeverity
{
    /// <summary>Worth knowing; nothing was lost (for example a file that is not a log, skipped).</summary>
    Info,

    /// <summary>Something was skipped or could only be partly read; the rest of the logs was still read.</summary>
    Warning,

    /// <summary>A whole log object could not be read (unreadable, unsupported compression, I/O failure).</summary>
    Error,
}

/// <summary>
/// A problem met while reading CloudTrail logs. Reading never stops at a bad record: the record is
/// reported here with its <see cref="Position"/> and the reader carries on with the next one.
/// </summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Position">Where it is.</param>
/// <param name="Message">What was wrong and what was expected, in one sentence.</param>
public sealed record CloudTrailDiagnostic(CloudTrailDiagnosticSeverity Severity, CloudTrailPosition Position, string Message)
{
    /// <summary>Formats the diagnostic as <c>severity: position: message</c>.</summary>
    /// <returns>The diagnostic as text.</returns>
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()}: {Position}: {Message}";
}
