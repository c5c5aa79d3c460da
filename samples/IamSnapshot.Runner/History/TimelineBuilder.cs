using System.Collections.Immutable;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.History;

/// <summary>
/// Builds a <see cref="HistoryReport"/> from a series: snapshots ordered by capture time, then file name
/// (ordinal); each consecutive pair diffed and analysed. Snapshots of different accounts are refused.
/// </summary>
internal static class TimelineBuilder
{
    public static async Task<HistoryReport> BuildAsync(ISnapshotSeries series, RuleEngine engine, CancellationToken cancellationToken)
    {
        var entries = await series.ListAsync(cancellationToken).ConfigureAwait(false);
        if (entries.Count < 2)
        {
            throw new UsageException($"{series.Location}: a history needs at least two snapshots (*.json); found {entries.Count}");
        }

        var loaded = new List<(SnapshotEntry Entry, AccountSnapshot Snapshot)>();
        foreach (var entry in entries)
        {
            loaded.Add((entry, await series.LoadAsync(entry, cancellationToken).ConfigureAwait(false)));
        }

        // Unknown capture times sort first (by file name): nothing says they are later, and a note says so.
        var ordered = loaded
            .OrderBy(x => x.Snapshot.Metadata.CapturedAt.HasValue)
            .ThenBy(x => x.Snapshot.Metadata.CapturedAt)
            .ThenBy(x => x.Entry.FileName, StringComparer.Ordinal)
            .ToList();

        var accounts = ordered.Where(x => x.Snapshot.Metadata.AccountId is not null)
            .GroupBy(x => x.Snapshot.Metadata.AccountId!, StringComparer.Ordinal).ToList();
        if (accounts.Count > 1)
        {
            var examples = string.Join(", ", accounts.Select(g => $"{g.First().Entry.FileName} is account {g.Key}"));
            throw new UsageException($"{series.Location}: the snapshots are of different accounts ({examples}); a history covers one account, so give each account its own folder");
        }

        var notes = ImmutableArray.CreateBuilder<string>();
        var unknown = ordered.Where(x => x.Snapshot.Metadata.CapturedAt is null).Select(x => x.Entry.FileName).ToList();
        if (unknown.Count > 0)
        {
            notes.Add($"Capture time unknown for {string.Join(", ", unknown)}: ordered by file name before the snapshots with a capture time.");
        }

        var steps = ImmutableArray.CreateBuilder<DiffReport>(ordered.Count - 1);
        for (var i = 1; i < ordered.Count; i++)
        {
            var diff = SnapshotDiffer.Compare(ordered[i - 1].Snapshot, ordered[i].Snapshot);
            steps.Add(new DiffReport
            {
                Diff = diff,
                Findings = engine.Analyze(diff),
                BeforeName = ordered[i - 1].Entry.Name,
                AfterName = ordered[i].Entry.Name,
                Rules = engine.Descriptors,
            });
        }

        return new HistoryReport { Location = series.Location, Steps = steps.MoveToImmutable(), Notes = notes.ToImmutable() };
    }
}
