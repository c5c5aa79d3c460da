// Regenerates the IAM action catalog that src/IamSnapshot embeds, from the npm package pinned in
// source.json. Usage (from anywhere inside the repository):
//   dotnet run --project tools/CatalogGenerator                 # npm pack the pinned version, check, write
//   dotnet run --project tools/CatalogGenerator -- --tarball X  # use an already downloaded tarball
// The tool never guesses: an integrity mismatch, an unknown access-level string or a resource type an
// action names but the service does not define stops it with a message and exit code 1.
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IamSnapshot.Tools.CatalogGenerator;

internal static class Program
{
    private const string OutputFolder = "src/IamSnapshot/Policies/Catalog/Data";

    private static int Main(string[] args)
    {
        try
        {
            var root = FindRepositoryRoot();
            string? tarball = null;
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--tarball" && i + 1 < args.Length)
                {
                    tarball = Path.GetFullPath(args[++i]);
                }
                else
                {
                    throw new GeneratorException($"unknown argument '{args[i]}'; expected --tarball PATH or nothing");
                }
            }

            var source = SourceInfo.Read(Path.Combine(root, "tools", "CatalogGenerator", "source.json"));
            var temp = Directory.CreateTempSubdirectory("iam-catalog-");
            try
            {
                tarball ??= NpmPack(source, temp.FullName);
                VerifyIntegrity(tarball, source.Integrity);
                var data = PackageData.Read(tarball);
                var catalog = CatalogBuilder.Build(data);
                var outDir = Path.Combine(root, OutputFolder);
                Directory.CreateDirectory(outDir);
                var actionsPath = Path.Combine(outDir, "actions.tsv");
                var previous = File.Exists(actionsPath) ? File.ReadAllLines(actionsPath) : [];
                var header = source.HeaderLine();
                WriteLines(actionsPath, [header, "# action\taccess level\tresource types (a trailing * marks a required type)", .. catalog.ActionLines]);
                WriteLines(Path.Combine(outDir, "resource-types.tsv"), [header, "# service\tresource type\tARN format", .. catalog.ResourceTypeLines]);
                Console.WriteLine($"{source.Package}@{source.Version}: {catalog.ServiceCount} services, {catalog.ActionLines.Count} actions, {catalog.ResourceTypeLines.Count} resource types");
                Console.WriteLine("levels: " + string.Join(", ", catalog.LevelCounts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")));
                SummaryDiff.Print(previous, catalog.ActionLines);
                return 0;
            }
            finally
            {
                temp.Delete(recursive: true);
            }
        }
        catch (GeneratorException ex)
        {
            Console.Error.WriteLine("CatalogGenerator: " + ex.Message);
            return 1;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IamSnapshot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new GeneratorException("run this tool from inside the IamSnapshot repository (no IamSnapshot.sln found above the current folder)");
    }

    private static string NpmPack(SourceInfo source, string folder)
    {
        // npm uses the developer's or CI's own registry configuration: no host is named here.
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "pack", $"{source.Package}@{source.Version}", "--pack-destination", folder, "--silent" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new GeneratorException("could not start npm; is Node.js installed?");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new GeneratorException($"npm pack failed with exit code {process.ExitCode}: {stderr.Trim()}");
        }

        var file = Directory.GetFiles(folder, "*.tgz").SingleOrDefault()
            ?? throw new GeneratorException($"npm pack wrote no .tgz into {folder} (output: {stdout.Trim()})");
        return file;
    }

    private static void VerifyIntegrity(string tarball, string expected)
    {
        const string prefix = "sha512-";
        if (!expected.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new GeneratorException($"source.json integrity must be an npm sha512 integrity string, found '{expected}'");
        }

        using var stream = File.OpenRead(tarball);
        var actual = prefix + Convert.ToBase64String(SHA512.HashData(stream));
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new GeneratorException($"integrity mismatch for {Path.GetFileName(tarball)}: expected {expected}, got {actual}");
        }
    }

    private static void WriteLines(string path, IEnumerable<string> lines)
    {
        // LF endings and no BOM on every platform, so that a regeneration diffs only real changes.
        var text = string.Join('\n', lines) + "\n";
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}

internal sealed class GeneratorException(string message) : Exception(message);

internal sealed record SourceInfo(string Package, string Version, string Integrity, string License, string Copyright)
{
    public static SourceInfo Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        string Get(string name) => json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new GeneratorException($"{path}: missing string property '{name}'");
        return new SourceInfo(Get("package"), Get("version"), Get("integrity"), Get("license"), Get("copyright"));
    }

    public string HeaderLine() =>
        $"# source\t{Package}\t{Version}\t{Integrity}\t{License}, {Copyright}; data derived from the AWS Service Authorization Reference. Generated by tools/CatalogGenerator: do not edit.";
}

/// <summary>The raw JSON files of the package, by service prefix.</summary>
internal sealed class PackageData
{
    public SortedDictionary<string, JsonElement> Actions { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, JsonElement> ResourceTypes { get; } = new(StringComparer.Ordinal);

    public static PackageData Read(string tarball)
    {
        var data = new PackageData();
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                continue;
            }

            var target = entry.Name switch
            {
                var n when n.StartsWith("package/data/actions/", StringComparison.Ordinal) => data.Actions,
                var n when n.StartsWith("package/data/resourceTypes/", StringComparison.Ordinal) => data.ResourceTypes,
                _ => null,
            };
            if (target is null || !entry.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var service = Path.GetFileNameWithoutExtension(entry.Name);
            using var doc = JsonDocument.Parse(entry.DataStream);
            target[service] = doc.RootElement.Clone();
        }

        if (data.Actions.Count == 0)
        {
            throw new GeneratorException($"{tarball} holds no package/data/actions/*.json files; has the package layout changed?");
        }

        return data;
    }
}

internal sealed record Catalog(List<string> ActionLines, List<string> ResourceTypeLines, int ServiceCount, Dictionary<string, int> LevelCounts);

internal static class CatalogBuilder
{
    private static readonly HashSet<string> KnownLevels = new(StringComparer.Ordinal) { "Read", "Write", "List", "Tagging", "Permissions management" };

    public static Catalog Build(PackageData data)
    {
        var actionLines = new List<(string Key, string Line)>();
        var typeLines = new List<(string Key, string Line)>();
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (service, actions) in data.Actions)
        {
            if (service.Contains('\t', StringComparison.Ordinal) || service.Contains(':', StringComparison.Ordinal))
            {
                throw new GeneratorException($"service prefix '{service}' contains a tab or colon");
            }

            // Resource type keys are canonical-case names; actions refer to them case-insensitively.
            var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (data.ResourceTypes.TryGetValue(service, out var typeFile))
            {
                foreach (var type in typeFile.EnumerateObject())
                {
                    var key = RequireString(type.Value, "key", $"resourceTypes/{service}.json {type.Name}");
                    var arn = RequireString(type.Value, "arn", $"resourceTypes/{service}.json {type.Name}");
                    CheckField(key, $"resource type {service}/{key}");
                    CheckField(arn, $"ARN of {service}/{key}");
                    types[key] = key;
                    typeLines.Add(($"{service}\t{key}".ToLowerInvariant(), $"{service}\t{key}\t{arn}"));
                }
            }

            foreach (var action in actions.EnumerateObject())
            {
                var where = $"actions/{service}.json {action.Name}";
                var name = RequireString(action.Value, "name", where);
                CheckField(name, where);
                if (!string.Equals(name, action.Name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new GeneratorException($"{where}: key and name differ ('{name}')");
                }

                var level = NormaliseLevel(RequireString(action.Value, "accessLevel", where), where);
                levels[level] = levels.GetValueOrDefault(level) + 1;
                var refs = new List<string>();
                foreach (var rt in action.Value.GetProperty("resourceTypes").EnumerateArray())
                {
                    var rtName = RequireString(rt, "name", where);
                    if (!types.TryGetValue(rtName, out var canonical))
                    {
                        throw new GeneratorException($"{where}: resource type '{rtName}' is not defined in resourceTypes/{service}.json");
                    }

                    var required = rt.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.True;
                    refs.Add(required ? canonical + "*" : canonical);
                }

                var full = $"{service}:{name}";
                actionLines.Add((full.ToLowerInvariant(), $"{full}\t{level}\t{string.Join(',', refs)}"));
            }
        }

        // Ordinal order of the lower-cased name: the loader relies on it (services are contiguous ranges).
        return new Catalog(
            actionLines.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Line).ToList(),
            typeLines.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Line).ToList(),
            data.Actions.Count,
            levels);
    }

    /// <summary>
    /// iam-data 0.21 writes AWS's flags as combined strings ("Permissions management, Write",
    /// "Tagging, Write"); earlier versions wrote the single level. Anything else is a format change that
    /// must be looked at by a person, so it stops the tool.
    /// </summary>
    private static string NormaliseLevel(string raw, string where)
    {
        var parts = raw.Split(", ", StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => !KnownLevels.Contains(p)))
        {
            throw new GeneratorException($"{where}: unknown access level '{raw}'");
        }

        if (parts.Contains("Permissions management"))
        {
            return "Permissions management";
        }

        if (parts.Contains("Tagging"))
        {
            return "Tagging";
        }

        if (parts.Length == 1)
        {
            return parts[0];
        }

        throw new GeneratorException($"{where}: unknown combination of access levels '{raw}'");
    }

    private static string RequireString(JsonElement element, string property, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new GeneratorException($"{where}: missing string property '{property}'");

    private static void CheckField(string value, string where)
    {
        if (value.Length == 0 || value.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0 || value.Contains(',', StringComparison.Ordinal) && !value.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new GeneratorException($"{where}: value '{value}' is empty or contains a tab, newline or comma");
        }
    }
}

internal static class SummaryDiff
{
    public static void Print(string[] previousLines, List<string> currentLines)
    {
        var before = Parse(previousLines);
        var after = Parse(currentLines);
        if (before.Count == 0)
        {
            Console.WriteLine("no previous catalog: every action is new");
            return;
        }

        var added = after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var levelChanged = after.Where(kv => before.TryGetValue(kv.Key, out var b) && b.Level != kv.Value.Level)
            .Select(kv => $"{kv.Key}: {before[kv.Key].Level} -> {kv.Value.Level}").Order(StringComparer.Ordinal).ToList();
        var typesChanged = after.Count(kv => before.TryGetValue(kv.Key, out var b) && b.Types != kv.Value.Types);
        Console.WriteLine($"compared with the previous catalog: {added.Count} added, {removed.Count} removed, {levelChanged.Count} access-level changes, {typesChanged} resource-type changes");
        Show("added", added);
        Show("removed", removed);
        Show("access level changed", levelChanged);
    }

    private static void Show(string title, List<string> items)
    {
        const int Limit = 40;
        foreach (var item in items.Take(Limit))
        {
            Console.WriteLine($"  {title}: {item}");
        }

        if (items.Count > Limit)
        {
            Console.WriteLine($"  {title}: … and {items.Count - Limit} more");
        }
    }

    private static Dictionary<string, (string Level, string Types)> Parse(IEnumerable<string> lines)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cols = line.Split('\t');
            result[cols[0]] = (cols.Length > 1 ? cols[1] : string.Empty, cols.Length > 2 ? cols[2] : string.Empty);
        }

        return result;
    }
}
