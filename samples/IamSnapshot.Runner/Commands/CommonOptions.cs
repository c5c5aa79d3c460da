using System.CommandLine;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Serialization;

namespace IamSnapshot.Runner.Commands;

/// <summary>Options several commands share, and how their values are turned into behaviour.</summary>
internal static class CommonOptions
{
    /// <summary>The format names the command line accepts, in the order help lists them.</summary>
    public static readonly string[] FormatNames = ["text", "json", "sarif", "md", "html", "csv"];

    public static Option<string> Format() => new Option<string>("--format", "-f")
    {
        Description = "Report format on standard output (or --output): text, json, sarif, md, html or csv.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong(FormatNames);

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write the result to this file (atomically) instead of standard output.",
    };

    public static Option<string[]> Report() => new("--report")
    {
        Description = "Also write a report as FORMAT=FILE (atomically), e.g. --report sarif=out.sarif --report md=summary.md; may repeat.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "FORMAT=FILE",
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

    public static Option<bool> Quiet() => new("--quiet", "-q")
    {
        Description = "Write nothing to standard output (files named by --output and --report are still written; errors still go to standard error).",
    };

    public static Option<string?> SarifBase() => new("--sarif-base")
    {
        Description = "The folder SARIF locations are relative to (the repository root; default: the current directory).",
        HelpName = "DIR",
    };

    public static ReportFormat ParseFormat(string format) => format switch
    {
        "json" => ReportFormat.Json,
        "sarif" => ReportFormat.Sarif,
        "md" or "markdown" => ReportFormat.Markdown,
        "html" => ReportFormat.Html,
        "csv" => ReportFormat.Csv,
        "text" => ReportFormat.Text,
        _ => throw new UsageException($"unknown report format \"{format}\" (expected one of {string.Join(", ", FormatNames)})"),
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

/// <summary>
/// The report options of a command (--format, --output, --report, --quiet, --no-color, --sarif-base), parsed and
/// checked before any work starts, so a typo fails fast with exit 2 instead of after a long capture or diff.
/// </summary>
internal sealed class ReportOutputs
{
    private readonly Option<string> _format = CommonOptions.Format();
    private readonly Option<string?> _output = CommonOptions.Output();
    private readonly Option<string[]> _report = CommonOptions.Report();
    private readonly Option<bool> _quiet = CommonOptions.Quiet();
    private readonly Option<bool> _noColor = CommonOptions.NoColor();
    private readonly Option<string?> _sarifBase = CommonOptions.SarifBase();

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_format);
        command.Options.Add(_output);
        command.Options.Add(_report);
        command.Options.Add(_quiet);
        command.Options.Add(_noColor);
        command.Options.Add(_sarifBase);
    }

    /// <summary>Every destination the command line asks for; throws <see cref="UsageException"/> for a bad --report.</summary>
    public Plan Resolve(ParseResult parse, RunnerConsole console)
    {
        var targets = new List<(ReportFormat Format, string? Path)>();
        var output = parse.GetValue(_output);
        if (output is not null || !parse.GetValue(_quiet))
        {
            targets.Add((CommonOptions.ParseFormat(parse.GetValue(_format)!), output));
        }

        foreach (var spec in parse.GetValue(_report) ?? [])
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == spec.Length - 1)
            {
                throw new UsageException($"--report: expected FORMAT=FILE (e.g. sarif=out.sarif), got \"{spec}\"");
            }

            var format = spec[..equals].Trim().ToLowerInvariant();
            if (!CommonOptions.FormatNames.Contains(format) && format != "markdown")
            {
                throw new UsageException($"--report {spec}: unknown format \"{format}\" (expected one of {string.Join(", ", CommonOptions.FormatNames)})");
            }

            targets.Add((CommonOptions.ParseFormat(format), spec[(equals + 1)..]));
        }

        var duplicate = targets.Where(t => t.Path is not null).GroupBy(t => Path.GetFullPath(t.Path!), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new UsageException($"--report/--output: {duplicate.First().Path} is named more than once");
        }

        var colorOnStdout = console.ColorAllowed && !parse.GetValue(_noColor);
        return new Plan(targets, colorOnStdout, parse.GetValue(_sarifBase));
    }

    /// <summary>Where reports go, in the order they are written.</summary>
    public sealed record Plan(IReadOnlyList<(ReportFormat Format, string? Path)> Targets, bool ColorOnStdout, string? SarifBase)
    {
        /// <summary>Writes every report: standard output first, then the files (each atomically).</summary>
        public async Task WriteAsync(RunnerConsole console, Action<ReportFormat, Stream, ReportOptions> write, CancellationToken cancellationToken)
        {
            foreach (var (format, path) in Targets)
            {
                var options = new ReportOptions { Color = path is null && format == ReportFormat.Text && ColorOnStdout, SourceRoot = SarifBase };
                await CommonOptions.WriteAsync(console, path, stream => write(format, stream, options), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
