using System.CommandLine;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Serialization;

namespace IamSnapshot.Runner.Commands;

/// <summary>Options several commands share, and how their values are turned into behaviour.</summary>
internal static class CommonOptions
{
    public static Option<string> Format() => new Option<string>("--format", "-f")
    {
        Description = "Report format: text or json.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write the result to this file (atomically) instead of standard output.",
    };

    public static Option<string> FailOn() => new Option<string>("--fail-on")
    {
        Description = "Exit 1 when an unsuppressed finding is at or above this severity: critical, high, medium, low, info or none.",
        DefaultValueFactory = _ => "high",
    }.AcceptOnlyFromAmong("critical", "high", "medium", "low", "info", "none");

    public static Option<bool> NoColor() => new("--no-color")
    {
        Description = "Never colour the text report (NO_COLOR in the environment does the same).",
    };

    public static ReportFormat ParseFormat(string format) => format switch
    {
        "json" => ReportFormat.Json,
        _ => ReportFormat.Text,
    };

    public static Severity? ParseFailOn(string value) =>
        Names.TryParseSeverity(value, out var severity) ? severity : throw new UsageException($"--fail-on: unknown severity \"{value}\"");

    /// <summary>Writes a report to a file atomically, or to standard output.</summary>
    public static async Task WriteAsync(RunnerConsole console, string? outputPath, Action<Stream> write, CancellationToken cancellationToken)
    {
        if (outputPath is null)
        {
            using var buffer = new MemoryStream();
            write(buffer);
            buffer.Position = 0;
            using var reader = new StreamReader(buffer);
            await console.Out.WriteAsync(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await AtomicFile.WriteAsync(outputPath, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
    }
}
