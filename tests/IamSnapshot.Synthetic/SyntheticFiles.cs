using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using IamSnapshot.Sources;

namespace IamSnapshot.Synthetic;

/// <summary>The saved snapshot files of one synthetic account size: one "before" file and one "after" file per change fraction.</summary>
/// <param name="Size">The account size.</param>
/// <param name="Before">The path of the before snapshot.</param>
/// <param name="After">The path of each after snapshot, by fraction.</param>
/// <param name="Changes">How many entities each pair changed, by fraction then kind of change.</param>
public sealed record SyntheticFileSet(
    SyntheticAccountSize Size,
    string Before,
    ImmutableSortedDictionary<double, string> After,
    ImmutableSortedDictionary<double, ImmutableSortedDictionary<string, int>> Changes);

/// <summary>
/// Writes synthetic snapshot pairs as saved snapshot files (<see cref="SnapshotFile.SaveAsync"/>) for the
/// file-based measurements, once: files of the same generator version are reused (they are deterministic).
/// </summary>
public static class SyntheticFiles
{
    /// <summary>The change fractions every size is written for: 0.1%, 1% and 10% of entities.</summary>
    public static ImmutableArray<double> Fractions { get; } = [0.001, 0.01, 0.1];

    /// <summary>
    /// Where the files go unless told otherwise: <c>IAMSNAPSHOT_SYNTHETIC_DIR</c> when set, else a folder under the
    /// temporary directory named after the generator version.
    /// </summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("IAMSNAPSHOT_SYNTHETIC_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "iamsnapshot-synthetic", "v" + SyntheticAccount.GeneratorVersion.ToString(CultureInfo.InvariantCulture));

    /// <summary>The path of the before file of a size.</summary>
    /// <param name="size">The size.</param>
    /// <param name="directory">The folder; <see cref="DefaultDirectory"/> when null.</param>
    /// <returns>The path.</returns>
    public static string BeforePath(SyntheticAccountSize size, string? directory = null) =>
        Path.Combine(directory ?? DefaultDirectory, $"{size.Name}-before.json");

    /// <summary>The path of the after file of a size and fraction.</summary>
    /// <param name="size">The size.</param>
    /// <param name="fraction">The change fraction.</param>
    /// <param name="directory">The folder; <see cref="DefaultDirectory"/> when null.</param>
    /// <returns>The path.</returns>
    public static string AfterPath(SyntheticAccountSize size, double fraction, string? directory = null) =>
        Path.Combine(directory ?? DefaultDirectory, $"{size.Name}-after-{SyntheticChanges.Label(fraction).Replace("%", "pct", StringComparison.Ordinal)}.json");

    /// <summary>Writes the files of a size unless they exist already, and returns their paths.</summary>
    /// <param name="size">The size.</param>
    /// <param name="directory">The folder; <see cref="DefaultDirectory"/> when null.</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>The files.</returns>
    public static async Task<SyntheticFileSet> EnsureAsync(SyntheticAccountSize size, string? directory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(size);
        directory ??= DefaultDirectory;
        Directory.CreateDirectory(directory);
        var manifest = Path.Combine(directory, $"{size.Name}-changes.json");

        // The manifest is written last: when it exists, every snapshot file of the size is complete (saves are atomic).
        if (!File.Exists(manifest))
        {
            var before = SyntheticAccount.Create(size);
            await SnapshotFile.SaveAsync(before, BeforePath(size, directory), cancellationToken).ConfigureAwait(false);
            var changes = new SortedDictionary<string, ImmutableSortedDictionary<string, int>>(StringComparer.Ordinal);
            foreach (var fraction in Fractions)
            {
                var pair = SyntheticChanges.Apply(before, size, fraction);
                await SnapshotFile.SaveAsync(pair.After, AfterPath(size, fraction, directory), cancellationToken).ConfigureAwait(false);
                changes[fraction.ToString("R", CultureInfo.InvariantCulture)] = pair.Changes;
            }

            var temp = manifest + ".tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(changes), cancellationToken).ConfigureAwait(false);
            File.Move(temp, manifest, overwrite: true);
        }

        var read = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, int>>>(await File.ReadAllTextAsync(manifest, cancellationToken).ConfigureAwait(false))!;
        return new SyntheticFileSet(
            size,
            BeforePath(size, directory),
            Fractions.ToImmutableSortedDictionary(f => f, f => AfterPath(size, f, directory)),
            read.ToImmutableSortedDictionary(
                kv => double.Parse(kv.Key, CultureInfo.InvariantCulture),
                kv => kv.Value.ToImmutableSortedDictionary(StringComparer.Ordinal)));
    }
}
