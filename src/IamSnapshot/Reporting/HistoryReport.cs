using System.Collections.Immutable;

namespace IamSnapshot.Reporting;

/// <summary>
/// A timeline over a series of snapshots of one account: each consecutive pair compared, oldest first. Every
/// report format writes it: JSON, Markdown, HTML and text show each step's changes and findings; SARIF and CSV
/// carry every step's findings, each tagged with its step. Immutable.
/// </summary>
public sealed record HistoryReport
{
    /// <summary>Where the snapshots came from (a folder, or a bucket and prefix).</summary>
    public required string Location { get; init; }

    /// <summary>The steps, oldest first: step <c>i</c> compares snapshot <c>i</c> with snapshot <c>i + 1</c>.</summary>
    public required ImmutableArray<DiffReport> Steps { get; init; }

    /// <summary>What the timeline could not cover or had to assume (capture times missing, for example).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>The display names of the snapshots, oldest first.</summary>
    public ImmutableArray<string> Snapshots =>
        Steps.IsEmpty ? [] : [Steps[0].BeforeName, .. Steps.Select(s => s.AfterName)];

    /// <summary>True when an unsuppressed finding of any step is at or above <paramref name="threshold"/>.</summary>
    /// <param name="threshold">The lowest severity that fails, or null to never fail.</param>
    /// <returns>Whether the run should fail.</returns>
    public bool HasFindingsAtOrAbove(Rules.Severity? threshold) => Steps.Any(s => s.HasFindingsAtOrAbove(threshold));

    /// <summary>
    /// The label of a step, <c>from -&gt; to</c>, from the snapshots' file names; for the snapshot-store layout
    /// (<c>…/yyyy/mm/dd/HHmmssZ.json</c>), whose file names repeat every day, with their date folders.
    /// </summary>
    internal static string StepLabel(DiffReport step) => $"{FileName(step.BeforeName)} -> {FileName(step.AfterName)}";

    private static string FileName(string name)
    {
        var segments = name.Split('/', '\\');
        if (segments.Length >= 4 && IsStoreLayout(segments[^4..]))
        {
            return string.Join('/', segments[^4..]);
        }

        var slash = name.LastIndexOfAny(['/', '\\']);
        return slash >= 0 && slash < name.Length - 1 ? name[(slash + 1)..] : name;
    }

    // yyyy / mm / dd / HHmmssZ.json, as IamSnapshot.Aws's snapshot stores name snapshots.
    private static bool IsStoreLayout(string[] last4) =>
        Digits(last4[0], 4) && Digits(last4[1], 2) && Digits(last4[2], 2)
        && last4[3].Length == "HHmmssZ.json".Length && Digits(last4[3][..6], 6) && last4[3].EndsWith("Z.json", StringComparison.Ordinal);

    private static bool Digits(string text, int length) => text.Length == length && text.All(char.IsAsciiDigit);
}
