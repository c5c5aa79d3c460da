using System.Globalization;
using System.Text;
using IamSnapshot.Benchmarks.Snapshots;
using IamSnapshot.Reporting;
using IamSnapshot.Synthetic;

namespace IamSnapshot.Benchmarks.Report;

/// <summary>Writes docs/performance.md from the measurements of one run.</summary>
internal static class ReportMarkdown
{
    private const string Pair = nameof(PairBenchmarks.Pair);
    private const string Pairs = nameof(PairBenchmarks);
    private const string Snapshots = nameof(SnapshotBenchmarks);

    public static string Write(ReportData data)
    {
        var md = new StringBuilder();
        var results = data.Results;
        var xlPairs = PerfSettings.Pairs.Where(p => p.StartsWith(PerfSettings.Sizes[^1] + "/", StringComparison.Ordinal)).ToList();
        var growthPairs = PerfSettings.Pairs.Where(p => p.EndsWith("/1%", StringComparison.Ordinal)).ToList();

        md.AppendLine("# Performance");
        md.AppendLine();
        md.AppendLine(Inv($"Written by the benchmark run itself (`perf-report`, below) on {data.StartedAt:yyyy-MM-dd HH:mm} UTC, {(data.FinishedAt - data.StartedAt).TotalMinutes:F0} minutes, at commit `{data.CommitInfo}`. Do not edit the figures by hand: rerun."));
        if (data.Quick)
        {
            md.AppendLine();
            md.AppendLine("**Quick run (S and M only, one iteration): checks the report program, not the product. Not a result.**");
        }

        md.AppendLine();
        md.AppendLine("Targets (DESIGN §12) are ratios measured in one run, so that the machine cancels out: the time of");
        md.AppendLine("`JsonDocument.Parse` of the same files is the unit.");
        md.AppendLine();

        // ---- Machine
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine("| CPU | Cores | Memory | .NET | OS | Load average (1/5/15 min) at start → end |");
        md.AppendLine("|---|---|---|---|---|---|");
        md.AppendLine(Inv($"| {data.Machine.Cpu} | {data.Machine.Cores} | {data.Machine.MemoryGiB:F0} GiB | {data.Machine.Runtime} | {data.Machine.Os} | {data.Machine.LoadAverage} → {data.LoadAverageAtEnd} |"));
        md.AppendLine();
        md.AppendLine("The machine is shared with other builds (see the load average): absolute times vary from run to run;");
        md.AppendLine("ratios within the run are what the targets judge.");
        md.AppendLine();

        // ---- Inputs
        md.AppendLine("## Inputs");
        md.AppendLine();
        md.AppendLine("Synthetic accounts from `tests/IamSnapshot.Synthetic` (seed 42; the same generator feeds the live-capture fake), saved");
        md.AppendLine("with `SnapshotFile.SaveAsync` (each policy document normalised, with its original text kept, as for real imports).");
        md.AppendLine();
        md.AppendLine("| Size | Users | Roles | Customer policies (versions) | Groups | Instance profiles | Entities | Saved file |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var input in data.Inputs)
        {
            var s = input.Snapshot;
            var customer = s.Policies.Where(p => !p.IsAwsManaged).ToList();
            md.AppendLine(Inv($"| {input.Size.Name} | {s.Users.Length:N0} | {s.Roles.Length:N0} | {customer.Count:N0} ({customer.Sum(p => p.Versions.Length):N0}) | {s.Groups.Length:N0} | {s.InstanceProfiles.Length:N0} | {input.Size.Entities:N0} | {Megabytes(new FileInfo(input.Files.Before).Length)} |"));
        }

        md.AppendLine();
        md.AppendLine("Pairs: the \"after\" snapshot differs from \"before\" in 0.1%, 1% or 10% of the entities (users, roles, customer");
        md.AppendLine("policies, groups); each change touches a different entity.");
        md.AppendLine();
        md.AppendLine("| Pair | Changed entities | Policy edits | Memberships | Attachments | Trust | Inline | Boundaries | Tags | Added | Removed |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var pair in PerfSettings.Pairs)
        {
            var (size, fraction) = PerfSettings.ParsePair(pair);
            var input = data.Inputs.FirstOrDefault(i => i.Size == size);
            if (input is null || !input.Files.Changes.TryGetValue(fraction, out var kinds))
            {
                continue;
            }

            string K(string kind) => kinds.GetValueOrDefault(kind).ToString(CultureInfo.InvariantCulture);
            md.AppendLine(Inv($"| {pair} | {kinds.Values.Sum():N0} | {K("policy-edit")} | {K("membership")} | {K("attachment")} | {K("trust")} | {K("inline")} | {K("boundary")} | {K("tags")} | {K("added")} | {K("removed")} |"));
        }

        md.AppendLine();

        // ---- Targets
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| Target | Limit | Measured | Met |");
        md.AppendLine("|---|---|---|---|");
        foreach (var pair in xlPairs)
        {
            var ratio = Ratio(results, Pairs, "LoadDiffRules", "ParseBoth", (Pair, pair));
            md.AppendLine(Row($"Load + diff + change rules (access delta included), {pair}, × `JsonDocument.Parse` of both files", $"≤ {PerformanceReport.LoadDiffRulesLimit:0.0}×", ratio, PerformanceReport.LoadDiffRulesLimit));
        }

        if (data.InterleavedDiff is { } diffCheck)
        {
            md.AppendLine(Row($"Same, {data.InterleavedPair}, baseline and subject alternating ({diffCheck.Rounds} rounds, medians {Ms(diffCheck.SubjectMilliseconds)} / {Ms(diffCheck.BaselineMilliseconds)})", $"≤ {PerformanceReport.LoadDiffRulesLimit:0.0}×", diffCheck.Ratio, PerformanceReport.LoadDiffRulesLimit));
        }

        var largest = PerfSettings.Sizes[^1];
        md.AppendLine(Row($"Full posture scan (`iamsnapshot scan`: load + every posture rule), {largest}, × `JsonDocument.Parse` of the file", $"≤ {PerformanceReport.PostureLimit:0.0}×", Ratio(results, Snapshots, "LoadAndScan", "ParseOne", ("Size", largest)), PerformanceReport.PostureLimit));
        if (data.InterleavedScan is { } scanCheck)
        {
            md.AppendLine(Row($"Same, {data.InterleavedPair.Split('/')[0]}, alternating ({scanCheck.Rounds} rounds, medians {Ms(scanCheck.SubjectMilliseconds)} / {Ms(scanCheck.BaselineMilliseconds)})", $"≤ {PerformanceReport.PostureLimit:0.0}×", scanCheck.Ratio, PerformanceReport.PostureLimit));
        }

        foreach (var pair in xlPairs)
        {
            var ratio = Ratio(results, Pairs, "LoadDiffRulesPosture", "ParseBoth", (Pair, pair));
            md.AppendLine(Row($"For information: `diff --posture` (the above plus posture rules on both snapshots), {pair}, × parse of both", $"({PerformanceReport.PostureLimit:0.0}×)", ratio, null));
        }

        foreach (var peak in data.PeakMemory.Where(p => p.Label.StartsWith("iamsnapshot diff (", StringComparison.Ordinal) && xlPairs.Any(x => p.Label.Contains(x, StringComparison.Ordinal))))
        {
            md.AppendLine(Row($"Peak working set of `{peak.Label}` × the two files' size ({Megabytes(peak.InputBytes)})", $"≤ {PerformanceReport.PeakMemoryLimit:0.0}×", peak.Ratio, PerformanceReport.PeakMemoryLimit));
        }

        foreach (var pair in xlPairs)
        {
            var jdp = results.Mean(nameof(JsonDiffPatchBenchmarks), nameof(JsonDiffPatchBenchmarks.WholeFileJsonDiffPatch), (Pair, pair));
            var ours = results.Mean(Pairs, "LoadDiffRules", (Pair, pair));
            var speedup = jdp is { } j && ours is { } o ? j / o : (double?)null;
            md.AppendLine(Inv($"| Whole-file JsonDiffPatch diff ÷ load + diff + change rules, {pair} | ≥ {PerformanceReport.JsonDiffPatchSpeedup:0}× | {Times(speedup)} | {Met(speedup is { } x ? x >= PerformanceReport.JsonDiffPatchSpeedup : null)} |"));
        }

        var exponent = Exponent(data, results, Pairs, "LoadDiffRules", growthPairs);
        md.AppendLine(Inv($"| Growth S → {largest} of load + diff + change rules: exponent b in time ∝ entities^b | close to 1 | {(exponent is { } b ? b.ToString("F2", CultureInfo.InvariantCulture) : "n/a")} | {Met(exponent is { } e ? e <= 1.15 : null)} |"));
        md.AppendLine();

        // ---- Pair table
        md.AppendLine("## Comparing two snapshot files");
        md.AppendLine();
        md.AppendLine(Inv($"BenchmarkDotNet {typeof(BenchmarkDotNet.Running.BenchmarkRunner).Assembly.GetName().Version}, in-process, monitoring strategy, 1 warm-up + {data.Iterations} measured iterations (mean shown), fresh objects each iteration."));
        md.AppendLine("`Change rules` runs every change rule over a fresh diff and so includes the access delta, which rules IAM1018–IAM1021");
        md.AppendLine("compute on first use (the `Access delta` column is that part alone). `Load + diff + rules` is what `iamsnapshot diff` computes");
        md.AppendLine("before writing its report; `diff --posture` adds the posture rules on both snapshots.");
        md.AppendLine();
        md.AppendLine("| Pair | Parse both (baseline) | Load both | Diff | Access delta | Change rules | Load + diff + rules | ratio | `diff --posture` | ratio | JsonDiffPatch | JsonDiffPatch ÷ ours |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var pair in PerfSettings.Pairs)
        {
            double? M(string method) => results.Mean(Pairs, method, (Pair, pair));
            var jdp = results.Mean(nameof(JsonDiffPatchBenchmarks), nameof(JsonDiffPatchBenchmarks.WholeFileJsonDiffPatch), (Pair, pair));
            var ours = M("LoadDiffRules");
            md.AppendLine(Inv($"| {pair} | {Ms(M("ParseBoth"))} | {Ms(M("Load"))} | {Ms(M("Diff"))} | {Ms(M("AccessDelta"))} | {Ms(M("ChangeRules"))} | {Ms(ours)} | {Times(Ratio(results, Pairs, "LoadDiffRules", "ParseBoth", (Pair, pair)))} | {Ms(M("LoadDiffRulesPosture"))} | {Times(Ratio(results, Pairs, "LoadDiffRulesPosture", "ParseBoth", (Pair, pair)))} | {Ms(jdp)} | {Times(jdp / ours)} |"));
        }

        md.AppendLine();
        md.AppendLine("Allocated per operation:");
        md.AppendLine();
        md.AppendLine("| Pair | Parse both | Load both | Diff | Access delta | Change rules | Load + diff + rules | `diff --posture` | JsonDiffPatch |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var pair in PerfSettings.Pairs)
        {
            string A(string type, string method) => Megabytes(results.Find(type, method, (Pair, pair))?.AllocatedBytes);
            md.AppendLine($"| {pair} | {A(Pairs, "ParseBoth")} | {A(Pairs, "Load")} | {A(Pairs, "Diff")} | {A(Pairs, "AccessDelta")} | {A(Pairs, "ChangeRules")} | {A(Pairs, "LoadDiffRules")} | {A(Pairs, "LoadDiffRulesPosture")} | {A(nameof(JsonDiffPatchBenchmarks), nameof(JsonDiffPatchBenchmarks.WholeFileJsonDiffPatch))} |");
        }

        md.AppendLine();

        // ---- One snapshot
        md.AppendLine("## One snapshot: load, save, posture scan");
        md.AppendLine();
        md.AppendLine("The \"before\" snapshot of each size. `Save` is `SnapshotFile.SaveAsync` (temporary file, flushed to disk, renamed);");
        md.AppendLine("`Scan` is every posture rule over a loaded snapshot; `Load + scan` is what `iamsnapshot scan` computes.");
        md.AppendLine();
        md.AppendLine("| Size | Parse (baseline) | Load | Save | Scan | Load + scan | ratio | Allocated: load / scan |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var size in PerfSettings.Sizes)
        {
            double? M(string method) => results.Mean(Snapshots, method, ("Size", size));
            string A(string method) => Megabytes(results.Find(Snapshots, method, ("Size", size))?.AllocatedBytes);
            md.AppendLine(Inv($"| {size} | {Ms(M("ParseOne"))} | {Ms(M("LoadOne"))} | {Ms(M("Save"))} | {Ms(M("Scan"))} | {Ms(M("LoadAndScan"))} | {Times(Ratio(results, Snapshots, "LoadAndScan", "ParseOne", ("Size", size)))} | {A("LoadOne")} / {A("Scan")} |"));
        }

        md.AppendLine();

        // ---- Reports
        md.AppendLine("## Reports");
        md.AppendLine();
        md.AppendLine("Writing the diff report of a pair (findings and access delta computed beforehand) to a null stream.");
        md.AppendLine();
        md.AppendLine("| Format | " + string.Join(" | ", PerfSettings.ReportPairs) + " |");
        md.AppendLine("|---|" + string.Concat(PerfSettings.ReportPairs.Select(_ => "---|")));
        foreach (var format in Enum.GetValues<ReportFormat>())
        {
            var cells = PerfSettings.ReportPairs.Select(pair =>
            {
                var r = results.Find(nameof(ReportBenchmarks), nameof(ReportBenchmarks.Write), (Pair, pair), ("Format", format.ToString()));
                return $"{Ms(r?.MeanMilliseconds)} ({Megabytes(r?.AllocatedBytes)})";
            });
            md.AppendLine($"| {format} | {string.Join(" | ", cells)} |");
        }

        md.AppendLine();

        // ---- Growth
        md.AppendLine("## Growth from S to " + largest);
        md.AppendLine();
        md.AppendLine("Time per 1,000 entities at a 1% change, and the exponent b of a power-law fit through S and " + largest + " (time ∝ entities^b;");
        md.AppendLine("1 is linear). The baseline's own exponent shows how far the machine and the cache bend the line.");
        md.AppendLine();
        md.AppendLine("| Measure | " + string.Join(" | ", growthPairs) + " | b |");
        md.AppendLine("|---|" + string.Concat(growthPairs.Select(_ => "---|")) + "---|");
        foreach (var (label, type, method) in new[]
        {
            ("Parse both (baseline)", Pairs, "ParseBoth"), ("Load both", Pairs, "Load"), ("Diff", Pairs, "Diff"), ("Access delta", Pairs, "AccessDelta"),
            ("Change rules", Pairs, "ChangeRules"), ("Load + diff + rules", Pairs, "LoadDiffRules"), ("`diff --posture`", Pairs, "LoadDiffRulesPosture"),
        })
        {
            var cells = growthPairs.Select(pair =>
            {
                var entities = PerfSettings.ParsePair(pair).Size.Entities;
                var mean = results.Mean(type, method, (Pair, pair));
                return mean is { } m ? (m / entities * 1000).ToString("F1", CultureInfo.InvariantCulture) + " ms" : "n/a";
            });
            var growth = Exponent(data, results, type, method, growthPairs);
            md.AppendLine($"| {label} | {string.Join(" | ", cells)} | {(growth is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "n/a")} |");
        }

        md.AppendLine();

        // ---- Peak memory
        md.AppendLine("## Peak memory");
        md.AppendLine();
        md.AppendLine("Maximum resident set size of the runner (`dotnet IamSnapshot.Runner.dll …`, Release build, text report to a discarded");
        md.AppendLine("standard output), measured by `/usr/bin/time -v`; the ratio is to the combined size of the input files.");
        md.AppendLine();
        md.AppendLine("| Command | Input | Peak working set | ratio | Wall time (start-up included) |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var peak in data.PeakMemory)
        {
            md.AppendLine(Inv($"| `{peak.Label}` | {Megabytes(peak.InputBytes)} | {Megabytes(peak.PeakBytes)} | {peak.Ratio:F2}× | {peak.WallSeconds:F1} s |"));
        }

        md.AppendLine();
        md.Append(Explanations.WhatDominates(data));
        md.Append(Explanations.EarlierFigures(data));
        md.Append(Explanations.Changes());
        md.Append(Explanations.HowToRerun());
        return md.ToString();
    }

    internal static double? Ratio(BenchmarkResults results, string type, string method, string baseline, params (string, string)[] parameters) =>
        results.Mean(type, method, parameters) is { } a && results.Mean(type, baseline, parameters) is { } b && b > 0 ? a / b : null;

    /// <summary>The exponent b of time ∝ entities^b between the first and last pair of <paramref name="pairs"/>.</summary>
    internal static double? Exponent(ReportData data, BenchmarkResults results, string type, string method, IReadOnlyList<string> pairs)
    {
        if (pairs.Count < 2)
        {
            return null;
        }

        var (first, last) = (pairs[0], pairs[^1]);
        var (n1, n2) = (PerfSettings.ParsePair(first).Size.Entities, PerfSettings.ParsePair(last).Size.Entities);
        return results.Mean(type, method, (Pair, first)) is { } t1 && results.Mean(type, method, (Pair, last)) is { } t2 && t1 > 0
            ? Math.Log(t2 / t1) / Math.Log((double)n2 / n1)
            : null;
    }

    internal static string Row(string what, string limit, double? value, double? max) =>
        Inv($"| {what} | {limit} | {Times(value)} | {(max is { } m ? Met(value is { } v ? v <= m : null) : "—")} |");

    internal static string Met(bool? met) => met switch { true => "yes", false => "**no**", null => "n/a" };

    internal static string Ms(double? milliseconds) => milliseconds switch
    {
        null => "n/a",
        >= 10_000 => Inv($"{milliseconds / 1000:F1} s"),
        >= 100 => Inv($"{milliseconds:F0} ms"),
        >= 1 => Inv($"{milliseconds:F1} ms"),
        _ => Inv($"{milliseconds * 1000:F0} µs"),
    };

    internal static string Times(double? ratio) => ratio is { } r && !double.IsNaN(r) ? Inv($"{r:F2}×") : "n/a";

    internal static string Megabytes(long? bytes) => bytes switch
    {
        null => "n/a",
        >= 10L * 1024 * 1024 => Inv($"{bytes / 1048576.0:F0} MB"),
        >= 1024 * 1024 => Inv($"{bytes / 1048576.0:F1} MB"),
        _ => Inv($"{bytes / 1024.0:F0} KB"),
    };

    internal static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
