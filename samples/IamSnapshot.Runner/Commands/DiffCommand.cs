using System.CommandLine;
using IamSnapshot.Diffing;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Commands;

/// <summary><c>iamsnapshot diff BEFORE AFTER</c>: compare two snapshots and report risky changes.</summary>
internal static class DiffCommand
{
    public static Command Create(RunnerConsole console)
    {
        var before = new Argument<string>("before") { Description = "The earlier snapshot: a saved snapshot or get-account-authorization-details output." };
        var after = new Argument<string>("after") { Description = "The later snapshot, in either form." };
        var failOn = CommonOptions.FailOn();
        var outputs = new ReportOutputs();
        var command = new Command("diff", "Compare two snapshots: what changed, and which changes are risky.") { before, after, failOn };
        outputs.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var threshold = CommonOptions.ParseFailOn(parse.GetValue(failOn)!);
            var plan = outputs.Resolve(parse, console);
            var beforePath = parse.GetValue(before)!;
            var afterPath = parse.GetValue(after)!;
            var beforeSnapshot = await SnapshotFile.LoadAsync(beforePath, cancellationToken: cancellationToken).ConfigureAwait(false);
            var afterSnapshot = await SnapshotFile.LoadAsync(afterPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            var diff = SnapshotDiffer.Compare(beforeSnapshot, afterSnapshot);
            var report = new DiffReport
            {
                Diff = diff,
                Findings = RuleEngine.Default.Analyze(diff),
                BeforeName = beforePath,
                AfterName = afterPath,
            };

            await plan.WriteAsync(console, (format, stream, options) => ReportWriter.Write(report, format, stream, options), cancellationToken).ConfigureAwait(false);
            return report.HasFindingsAtOrAbove(threshold) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
