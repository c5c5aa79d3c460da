using System.CommandLine;
using IamSnapshot.Reporting;
using IamSnapshot.Runner.History;

namespace IamSnapshot.Runner.Commands;

/// <summary><c>iamsnapshot history DIR</c>: a timeline over a folder of snapshots of one account.</summary>
internal static class HistoryCommand
{
    public static Command Create(RunnerConsole console)
    {
        var location = new Argument<string>("location") { Description = "A folder of saved snapshots (*.json) of one account, ordered by capture time, then file name." };
        var failOn = CommonOptions.FailOn();
        var outputs = new ReportOutputs();
        var rules = new RuleSetup();
        var command = new Command("history", "Show how an account changed over a series of snapshots: each consecutive pair compared, with findings.") { location, failOn };
        outputs.AddTo(command);
        rules.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var threshold = CommonOptions.ParseFailOn(parse.GetValue(failOn)!);
            var plan = outputs.Resolve(parse, console);
            var engine = rules.CreateEngine(parse);
            var series = SnapshotSeries.Open(parse.GetValue(location)!);
            var history = await TimelineBuilder.BuildAsync(series, engine, cancellationToken).ConfigureAwait(false);
            history = await rules.ApplyBaselineAsync(parse, history, cancellationToken).ConfigureAwait(false);
            await plan.WriteAsync(console, (format, stream, options) => ReportWriter.Write(history, format, stream, options), cancellationToken).ConfigureAwait(false);
            return history.HasFindingsAtOrAbove(threshold) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
