using System.CommandLine;
using System.Globalization;
using IamSnapshot.CloudTrail;
using IamSnapshot.Diffing;

namespace IamSnapshot.Runner.Commands;

/// <summary>
/// <c>--cloudtrail PATH…</c> and <c>--grace MINUTES</c>: read CloudTrail logs (files, folders, the S3 delivery layout,
/// local or <c>s3://bucket/prefix</c>, gzip or not) and attribute each change of the diff to the events that explain it.
/// </summary>
internal sealed class CloudTrailInputs
{
    public Option<string[]> Paths { get; } = new("--cloudtrail")
    {
        Description = "CloudTrail logs (files or folders, or s3://bucket/AWSLogs/… prefixes: delivered .json/.json.gz files, JSON arrays, JSON Lines, lookup-events output); may repeat. Attributes each change to who made it.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<int> GraceMinutes { get; } = new("--grace")
    {
        Description = "Minutes the capture window is widened for CloudTrail delivery delay and IAM eventual consistency.",
        DefaultValueFactory = _ => 15,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Paths);
        command.Options.Add(GraceMinutes);
    }

    /// <summary>Reads the logs (local paths, and <c>s3://</c> locations when <paramref name="inputs"/> is given) and attributes the diff's changes.</summary>
    public async Task<ChangeAttribution?> AttributeAsync(ParseResult parse, SnapshotDiff diff, RunnerConsole console, CancellationToken cancellationToken, InputSession? inputs = null)
    {
        var paths = parse.GetValue(Paths) ?? [];
        if (paths.Length == 0)
        {
            return null;
        }

        var grace = parse.GetValue(GraceMinutes);
        if (grace is < 0 or > 24 * 60)
        {
            throw new UsageException($"--grace: {grace.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1440 minutes");
        }

        var source = inputs is null ? CloudTrailLogSource.FromPaths(paths) : await inputs.CloudTrailAsync(paths, cancellationToken).ConfigureAwait(false);
        var log = await CloudTrailReader.LoadAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in log.Diagnostics)
        {
            // Malformed records are reported with their position and skipped; the rest of the logs still count.
            await console.Error.WriteLineAsync("cloudtrail: " + diagnostic).ConfigureAwait(false);
        }

        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"cloudtrail: {log.Statistics.Records} record(s) in {log.Statistics.LogObjects} file(s); {log.Events.Length} IAM write event(s), {log.FailedEvents.Length} failed")).ConfigureAwait(false);
        return ChangeAttribution.Compute(diff, log, new AttributionOptions { Grace = TimeSpan.FromMinutes(grace) });
    }
}
