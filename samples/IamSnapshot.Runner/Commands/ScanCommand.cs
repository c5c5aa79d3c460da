using System.CommandLine;
using IamSnapshot.Diffing;
using IamSnapshot.Reporting;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Commands;

/// <summary><c>iamsnapshot scan SNAPSHOT</c>: run the posture rules on one snapshot.</summary>
internal static class ScanCommand
{
    public static Command Create(RunnerConsole console)
    {
        var snapshotArgument = new Argument<string>("snapshot") { Description = "A saved snapshot or get-account-authorization-details output." };
        var failOn = CommonOptions.FailOn();
        var outputs = new ReportOutputs();
        var rules = new RuleSetup();
        var command = new Command("scan", "Run the posture rules on one snapshot: standing risks such as wildcard trust, admin policies, unused roles.") { snapshotArgument, failOn };
        outputs.AddTo(command);
        rules.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var threshold = CommonOptions.ParseFailOn(parse.GetValue(failOn)!);
            var plan = outputs.Resolve(parse, console);
            var engine = rules.CreateEngine(parse);
            var path = parse.GetValue(snapshotArgument)!;
            var snapshot = await SnapshotFile.LoadAsync(path, cancellationToken: cancellationToken);
            var findings = await rules.ApplyBaselineAsync(parse, engine.Scan(snapshot), cancellationToken);

            // A scan is reported as a diff of the snapshot with itself: no changes, the posture findings.
            var report = new DiffReport { Diff = SnapshotDiffer.Compare(snapshot, snapshot), Findings = findings, BeforeName = path, AfterName = path, Rules = engine.Descriptors };
            await plan.WriteAsync(console, (format, stream, options) => ReportWriter.Write(report, format, stream, options), cancellationToken);
            return report.HasFindingsAtOrAbove(threshold) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
