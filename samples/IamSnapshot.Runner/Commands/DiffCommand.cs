using System.CommandLine;
using IamSnapshot.Diffing;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Commands;

/// <summary><c>iamsnapshot diff BEFORE AFTER</c> (or <c>--store S --account A</c>): compare two snapshots and report risky changes.</summary>
internal static class DiffCommand
{
    public static Command Create(RunnerConsole console)
    {
        var before = new Argument<string?>("before") { Description = "The earlier snapshot: a saved snapshot or get-account-authorization-details output, a folder of CLI outputs, or s3://bucket/key.json.", Arity = ArgumentArity.ZeroOrOne };
        var after = new Argument<string?>("after") { Description = "The later snapshot, in any of those forms.", Arity = ArgumentArity.ZeroOrOne };
        var inputs = new StoreInputs();
        var failOn = CommonOptions.FailOn();
        var posture = new Option<bool>("--posture") { Description = "Also run the posture rules on the after snapshot, reporting only what is new since before." };
        var cloudTrail = new CloudTrailInputs();
        var outputs = new ReportOutputs();
        var rules = new RuleSetup();
        var command = new Command("diff", "Compare two snapshots: what changed, and which changes are risky.") { before, after, failOn, posture };
        outputs.AddTo(command);
        rules.AddTo(command);
        cloudTrail.AddTo(command);
        inputs.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var threshold = CommonOptions.ParseFailOn(parse.GetValue(failOn)!);
            var plan = outputs.Resolve(parse, console);
            var engine = rules.CreateEngine(parse);
            using var session = inputs.Open(parse);
            var (beforePath, beforeSnapshot, afterPath, afterSnapshot) = await session.LoadPairAsync(parse.GetValue(before), parse.GetValue(after), cancellationToken).ConfigureAwait(false);
            var diff = SnapshotDiffer.Compare(beforeSnapshot, afterSnapshot);
            var attribution = await cloudTrail.AttributeAsync(parse, diff, console, cancellationToken, session).ConfigureAwait(false);
            var findings = engine.Analyze(diff, attribution);
            if (parse.GetValue(posture))
            {
                // Only standing risks that are new: a posture finding already present before is not this change's doing.
                var known = engine.Scan(beforeSnapshot).Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
                findings = RuleEngine.Order(findings.Concat(engine.Scan(afterSnapshot).Where(f => !known.Contains(f.Fingerprint))));
            }

            findings = await rules.ApplyBaselineAsync(parse, findings, cancellationToken);
            var report = new DiffReport
            {
                Diff = diff,
                Findings = findings,
                BeforeName = beforePath,
                AfterName = afterPath,
                Rules = engine.Descriptors,
                Attribution = attribution,
            };

            await plan.WriteAsync(console, (format, stream, options) => ReportWriter.Write(report, format, stream, options), cancellationToken).ConfigureAwait(false);
            return report.HasFindingsAtOrAbove(threshold) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
