using System.Text;

namespace IamSnapshot.Reporting;

/// <summary>Writes a <see cref="DiffReport"/> in any of the report formats.</summary>
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
        ArgumentNullException.ThrowIfNull(output);
        options ??= new ReportOptions();
        switch (format)
        {
            case ReportFormat.Json:
                JsonReportWriter.Write(report, output);
                break;
            default:
                using (var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
                {
                    new TextReportWriter(writer, options.Color).Write(report);
                }

                break;
        }
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
}

/// <summary>Presentation options of reports. Immutable.</summary>
public sealed record ReportOptions
{
    /// <summary>Use ANSI colours in the text report.</summary>
    public bool Color { get; init; }
}
