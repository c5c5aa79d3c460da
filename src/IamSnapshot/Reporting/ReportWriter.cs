using System.Text;

namespace IamSnapshot.Reporting;

/// <summary>Writes a <see cref="DiffReport"/> or a <see cref="HistoryReport"/> in any of the report formats.</summary>
public static class ReportWriter
{
    /// <summary>Writes the report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="format">The format.</param>
    /// <param name="output">The destination stream (UTF-8 is written).</param>
    /// <param name="options">Presentation options.</param>
    public static void Write(DiffReport report, ReportFormat format, Stream output, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        Write(new ReportInput(report, null), format, output, options);
    }

    /// <summary>Writes a timeline over a series of snapshots.</summary>
    /// <param name="history">The timeline.</param>
    /// <param name="format">The format.</param>
    /// <param name="output">The destination stream (UTF-8 is written).</param>
    /// <param name="options">Presentation options.</param>
    public static void Write(HistoryReport history, ReportFormat format, Stream output, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        Write(new ReportInput(null, history), format, output, options);
    }

    /// <summary>Writes the report to a string.</summary>
    /// <param name="report">The report.</param>
    /// <param name="format">The format.</param>
    /// <param name="options">Presentation options.</param>
    /// <returns>The report text.</returns>
    public static string WriteToString(DiffReport report, ReportFormat format, ReportOptions? options = null)
    {
        using var stream = new MemoryStream();
        Write(report, format, stream, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a timeline to a string.</summary>
    /// <param name="history">The timeline.</param>
    /// <param name="format">The format.</param>
    /// <param name="options">Presentation options.</param>
    /// <returns>The report text.</returns>
    public static string WriteToString(HistoryReport history, ReportFormat format, ReportOptions? options = null)
    {
        using var stream = new MemoryStream();
        Write(history, format, stream, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(ReportInput input, ReportFormat format, Stream output, ReportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= new ReportOptions();
        switch (format)
        {
            case ReportFormat.Json:
                JsonReportWriter.Write(input, output);
                return;
            case ReportFormat.Sarif:
                SarifReportWriter.Write(input, output, options);
                return;
            case ReportFormat.Csv:
                CsvReportWriter.Write(input, output);
                return;
        }

        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        switch (format)
        {
            case ReportFormat.Markdown:
                new MarkdownReportWriter(writer).Write(input);
                break;
            case ReportFormat.Html:
                new HtmlReportWriter(writer).Write(input);
                break;
            default:
                var text = new TextReportWriter(writer, options.Color);
                if (input.History is { } history)
                {
                    text.Write(history);
                }
                else
                {
                    text.Write(input.Diff!);
                }

                break;
        }
    }
}

/// <summary>What a writer writes: one diff, or a timeline of diffs.</summary>
/// <param name="Diff">The single diff report, or null for a timeline.</param>
/// <param name="History">The timeline, or null for a single diff.</param>
internal sealed record ReportInput(DiffReport? Diff, HistoryReport? History)
{
    /// <summary>Every diff in the input, in order.</summary>
    public IReadOnlyList<DiffReport> Reports => History is { } h ? h.Steps : [Diff!];

    /// <summary>The step label of a diff when the input is a timeline; null for a single diff.</summary>
    public string? StepOf(DiffReport report) => History is null ? null : HistoryReport.StepLabel(report);
}

/// <summary>Presentation options of reports. Immutable.</summary>
public sealed record ReportOptions
{
    /// <summary>Use ANSI colours in the text report.</summary>
    public bool Color { get; init; }

    /// <summary>
    /// The folder that SARIF artifact locations are relative to: the repository root in CI, since GitHub code
    /// scanning matches locations against repository paths. Null means the current directory.
    /// </summary>
    public string? SourceRoot { get; init; }
}
