using System.Text;
using IamSnapshot.Benchmarks.Policies;
using IamSnapshot.Benchmarks.Snapshots;
using static IamSnapshot.Benchmarks.Report.ReportMarkdown;

namespace IamSnapshot.Benchmarks.Report;

/// <summary>
/// The prose sections of docs/performance.md. The shares and figures come from the run; the sentences say what the
/// profile showed when the targets were first measured, so a reader knows where the time goes without rerunning it.
/// </summary>
internal static class Explanations
{
    private const string Pairs = nameof(PairBenchmarks);

    /// <summary>Where the time of load + diff + change rules goes, at the 1% pair of the largest size.</summary>
    public static string WhatDominates(ReportData data)
    {
        var md = new StringBuilder();
        var pair = $"{PerfSettings.Sizes[^1]}/1%";
        var results = data.Results;
        double? M(string method) => results.Mean(Pairs, method, (nameof(PairBenchmarks.Pair), pair));
        md.AppendLine("## What dominates");
        md.AppendLine();
        if (M("LoadDiffRules") is { } total && total > 0)
        {
            string Share(double? part) => part is { } p ? Inv($"{p / total * 100:F0}%") : "n/a";
            md.AppendLine(Inv($"At {pair}, of load + diff + change rules ({Ms(total)}): loading both files {Share(M("Load"))}, the structural diff {Share(M("Diff"))}, the change rules {Share(M("ChangeRules"))} (of which the access delta {Share(M("AccessDelta"))}). Parsing alone (`JsonDocument.Parse` of both) would be {Share(M("ParseBoth"))}."));
            md.AppendLine();
        }

        if (data.RuleTimings.Count > 0)
        {
            md.AppendLine(Inv($"Rule by rule at {data.RuleTimingsPair} (one warm run, wall clock; `rule-timings` in the benchmark project): the effective permissions of all {data.Principals:N0} users and roles take {Ms(data.PermissionsMilliseconds)}, computed once per scan and shared by the rules. The slowest rules after that:"));
            md.AppendLine();
            md.AppendLine("| Rule | Time | Findings |");
            md.AppendLine("|---|---|---|");
            foreach (var (rule, ms, findings) in data.RuleTimings.OrderByDescending(t => t.Milliseconds).Take(6))
            {
                md.AppendLine(Inv($"| {rule} | {Ms(ms)} | {findings:N0} |"));
            }

            md.AppendLine();
        }

        md.AppendLine("- **Loading** is parsing plus building the immutable model: every policy document (each managed-policy version,");
        md.AppendLine("  each inline policy, each trust policy) is read into statements and normalised, so that reordered or");
        md.AppendLine("  reformatted documents compare equal. Reading is one pass over a `Utf8JsonReader`-backed document with");
        md.AppendLine("  no intermediate strings for dates (ISO-8601 parsed by hand) or policy text; what remains is allocation of");
        md.AppendLine("  the model itself, which is what a loaded snapshot is.");
        md.AppendLine("- **The diff** matches entities by ARN in dictionaries (linear), compares policy documents semantically");
        md.AppendLine("  (statement sets, without serialising) and only builds the JSON of properties that differ.");
        md.AppendLine("- **The change rules** are dominated by the access delta: effective permissions of each principal that a");
        md.AppendLine("  change touches, before and after, cached per principal and shared by every rule that asks. Wildcard");
        md.AppendLine("  patterns expand once per pattern against the catalog (bit sets of action indices).");
        md.AppendLine("- **Posture rules** evaluate every principal of a snapshot, not only the changed ones: one permission");
        md.AppendLine("  calculator per scan, shared by all rules. Effective permissions are sets over the 22,091 catalog actions");
        md.AppendLine("  per principal and per resource scope; computing them for 10,000 principals costs several times the");
        md.AppendLine("  parse of the file on its own. That is why the posture target (3× a parse) is missed: the figure is");
        md.AppendLine("  structural for a scan that evaluates every principal's access, which a parse-bound target does not");
        md.AppendLine("  foresee. Lazy, per-question evaluation (only the actions a rule asks about) is the way further down.");
        md.AppendLine("- **Peak memory** holds two immutable models (every policy document twice: its statements and the");
        md.AppendLine("  original text as UTF-16) on top of a runtime floor of about 80 MB (the S pair's peak), which alone is");
        md.AppendLine("  1× the XL files; the 10% pair adds the access delta of a tenth of all principals, before and after.");
        md.AppendLine("  Keeping original policy texts as UTF-8 bytes (decoded when asked for) would halve their share.");
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>The figures of earlier issues, measured again in this run.</summary>
    public static string EarlierFigures(ReportData data)
    {
        var md = new StringBuilder();
        var results = data.Results;
        md.AppendLine("## Other figures, measured in the same run");
        md.AppendLine();
        md.AppendLine("| Measure | Result |");
        md.AppendLine("|---|---|");
        if (results.Find(nameof(CatalogLoadBenchmarks), nameof(CatalogLoadBenchmarks.Parse)) is { } catalog)
        {
            md.AppendLine($"| Action catalog load (embedded, 22,091 actions) | {Ms(catalog.MeanMilliseconds)}, {Megabytes(catalog.AllocatedBytes)} allocated |");
        }

        if (results.Find(nameof(AccessBenchmarks), nameof(AccessBenchmarks.EffectivePermissionsAllPrincipals)) is { } all)
        {
            md.AppendLine($"| Effective permissions of every user and role, XL | {Ms(all.MeanMilliseconds)}, {Megabytes(all.AllocatedBytes)} allocated |");
        }

        if (results.Find(nameof(AccessBenchmarks), nameof(AccessBenchmarks.AccessDeltaOnePercentOfPolicies)) is { } delta)
        {
            md.AppendLine($"| Access delta, XL, 1% of policies changed | {Ms(delta.MeanMilliseconds)}, {Megabytes(delta.AllocatedBytes)} allocated |");
        }

        var pages = results.Mean(nameof(LiveCaptureBenchmarks), nameof(LiveCaptureBenchmarks.AuthorizationDetailsPagesInSequence));
        if (pages is { } p && p > 0)
        {
            var partial = results.Mean(nameof(LiveCaptureBenchmarks), nameof(LiveCaptureBenchmarks.CaptureWithoutAccessKeys));
            var full = results.Mean(nameof(LiveCaptureBenchmarks), nameof(LiveCaptureBenchmarks.FullCapture));
            md.AppendLine($"| Live capture against the local fake (XL, 50 ms latency, 64 parallel), without access keys, × the authorization-details pages in sequence | {Times(partial / p)} ({Ms(partial)} / {Ms(p)}) |");
            md.AppendLine($"| Same, full capture (one `ListAccessKeys` per user) | {Times(full / p)} ({Ms(full)}) |");
        }

        if (data.CloudTrailRatio is { } ratio)
        {
            md.AppendLine(Inv($"| CloudTrail reader over {data.CloudTrailMegabytes} MB of logs, × `JsonDocument.Parse` of the same files | {Times(ratio)} |"));
        }

        foreach (var (megabytes, peak) in data.CloudTrailPeaks)
        {
            md.AppendLine(Inv($"| CloudTrail reader peak working set, {megabytes} MB of logs | {peak:F0} MB |"));
        }

        md.AppendLine();
        md.AppendLine("The live-capture figure is bounded by round trips, not by this library: the 5,000 `ListAccessKeys` calls of");
        md.AppendLine("the full capture need at least ⌈5000 / 64⌉ × 50 ms ≈ 3.9 s at 64 in flight, against about one second of");
        md.AppendLine("authorization-details pages; without them the capture's remaining cost is converting pages (XML → JSON →");
        md.AppendLine("snapshot) on the same two cores that serve the fake.");
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>What profiling changed, so that a regression can be traced to the step that undid it.</summary>
    public static string Changes()
    {
        var md = new StringBuilder();
        md.AppendLine("## What profiling changed");
        md.AppendLine();
        md.AppendLine("Profiling the first runs of this suite found these costs; each was fixed in the library:");
        md.AppendLine();
        md.AppendLine("- Policy documents were compared by serialising both to canonical JSON: now compared as statement sets.");
        md.AppendLine("- The differ built the JSON of every property of every changed entity: now only of properties that differ, on demand.");
        md.AppendLine("- Each rule computed the effective permissions it needed on its own: one cache per principal, shared by the");
        md.AppendLine("  access delta and every rule; one calculator per posture scan.");
        md.AppendLine("- Grants were listed eagerly for every principal: now listed when a report asks for them.");
        md.AppendLine("- Privilege-escalation sets were matched by action name: now by catalog index.");
        md.AppendLine("- IAM1022 listed every grant of a principal (tens of thousands with wide wildcards) to find the dozen");
        md.AppendLine("  actions of the escalation sets: now asks the entries for those actions by index (3.9 s → 0.4 s at XL).");
        md.AppendLine("- Dates went through `DateTimeOffset.Parse`: now an ISO-8601 reader for the forms IAM writes, with the general parser as fallback.");
        md.AppendLine("- Policy reading allocated a string per token: now reads from the UTF-8 input directly.");
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>How to produce this file again.</summary>
    public static string HowToRerun()
    {
        var md = new StringBuilder();
        md.AppendLine("## How to rerun");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine("dotnet run -c Release --project benchmarks/IamSnapshot.Benchmarks -- perf-report");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("Options: `--iterations N`, `--quick` (S and M, one iteration: checks the program, not the product),");
        md.AppendLine("`--no-earlier` (skips the catalog, access, live-capture and CloudTrail figures), `--out FILE`. Single suites run");
        md.AppendLine("with BenchmarkDotNet's switcher, e.g. `-- --filter '*PairBenchmarks*'`. The synthetic files are written once to");
        md.AppendLine("the temporary folder and reused. The run takes tens of minutes on two cores; it is never part of the test script,");
        md.AppendLine("and no test asserts a time.");
        return md.ToString();
    }
}
