using System.CommandLine;
using IamSnapshot.Reporting;
using IamSnapshot.Runner.History;

namespace IamSnapshot.Runner.Commands;

/// <summary><c>iamsnapshot history DIR|s3://bucket/prefix/</c>: a timeline over a series of snapshots of one account.</summary>
internal static class HistoryCommand
{
    public static Command Create(RunnerConsole console)
    {
        var location = new Argument<string>("location") { Description = "A folder of saved snapshots (*.json) of one account, or an s3://bucket/prefix/ (every *.json below it, such as an account's folder of a snapshot store), ordered by capture time, then name." };
        var failOn = CommonOptions.FailOn();
        var outputs = new ReportOutputs();
        var rules = new RuleSetup();
        var inputs = new StoreInputs();
        var command = new Command("history", "Show how an account changed over a series of snapshots: each consecutive pair compared, with findings.") { location, failOn };
        outputs.AddTo(command);
        rules.AddTo(command);
        inputs.AddTo(command, withStore: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var threshold = CommonOptions.ParseFailOn(parse.GetValue(failOn)!);
            var plan = outputs.Resolve(parse, console);
            var engine = rules.CreateEngine(parse);
            using var session = inputs.Open(parse);
            var series = session.OpenSeries(parse.GetValue(location)!);
            var history = await TimelineBuilder.BuildAsync(series, engine, cancellationToken).ConfigureAwait(false);
            history = await rules.ApplyBaselineAsync(parse, history, cancellationToken).ConfigureAwait(false);
            await plan.WriteAsync(console, (format, stream, options) => ReportWriter.Write(history, format, stream, options), cancellationToken).ConfigureAwait(false);
            return history.HasFindingsAtOrAbove(threshold) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
