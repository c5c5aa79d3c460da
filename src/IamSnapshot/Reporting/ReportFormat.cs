namespace IamSnapshot.Reporting;

/// <summary>The report formats.</summary>
public enum ReportFormat
{
    /// <summary>Readable text for a terminal or a CI log.</summary>
    Text,

    /// <summary>The JSON report: a stable, documented contract (docs/report.schema.json).</summary>
    Json,
}
