using CsvHelper;

namespace IamSnapshot.Reporting;

/// <summary>
/// Writes the findings as RFC 4180 CSV (UTF-8, CRLF, header row), one row per finding in report order; a
/// timeline adds a leading <c>step</c> column. Names come from the account, so a field starting with
/// <c>= + - @</c>, tab or CR is escaped (CsvHelper's injection guard): a spreadsheet shows it as text and never
/// runs it as a formula.
/// </summary>
internal static class CsvReportWriter
{
    private static readonly string[] Columns =
        ["severity", "ruleId", "title", "entityType", "name", "arn", "message", "subject", "propertyPath", "kind", "suppressed", "justification", "fingerprint"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    public static void Write(ReportInput input, Stream stream)
    {
        using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        var timeline = input.History is not null;
        csv.WriteHeader(timeline ? ["step", .. Columns] : Columns);
        foreach (var report in input.Reports)
        {
            foreach (var finding in report.Findings)
            {
                if (input.StepOf(report) is { } step)
                {
                    csv.WriteField(step);
                }

                csv.WriteField(Names.Of(finding.Severity));
                csv.WriteField(finding.RuleId);
                csv.WriteField(finding.Title);
                csv.WriteField(finding.EntityType is { } type ? Names.Of(type) : string.Empty);
                csv.WriteField(ReportFacts.EntityName(report, finding.Arn));
                csv.WriteField(finding.Arn);
                csv.WriteField(finding.Message);
                csv.WriteField(finding.Subject);
                csv.WriteField(finding.PropertyPath ?? string.Empty);
                csv.WriteField(Names.Of(finding.Kind));
                csv.WriteField(finding.Suppressed ? "true" : "false");
                csv.WriteField(finding.SuppressionJustification ?? string.Empty);
                csv.WriteField(finding.Fingerprint);
                csv.EndRecord();
            }
        }

        csv.Flush();
    }
}
