namespace IamSnapshot.Reporting;

/// <summary>The report formats.</summary>
public enum ReportFormat
{
    /// <summary>Readable text for a terminal or a CI log.</summary>
    Text,

    /// <summary>The JSON report: a stable, documented contract (docs/report.schema.json).</summary>
    Json,

    /// <summary>
    /// SARIF 2.1.0, shaped for GitHub code scanning: every result points at the entity's line in the after
    /// snapshot and carries the ARN as a logical location and a stable partial fingerprint.
    /// </summary>
    Sarif,

    /// <summary>GitHub-flavoured Markdown for a step summary (<c>$GITHUB_STEP_SUMMARY</c>) or a pull-request comment.</summary>
    Markdown,

    /// <summary>One self-contained HTML file (no network access), readable without JavaScript, filterable with it.</summary>
    Html,

    /// <summary>The findings as CSV (RFC 4180), safe to open in a spreadsheet: no field is ever read as a formula.</summary>
    Csv,
}
