using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;

namespace IamSnapshot.Tests.CloudTrail;

/// <summary>Paths of the real CloudTrail files and helpers that derive other shapes from them.</summary>
internal static class CloudTrailTestData
{
    public const string Invictus6Cic = "invictus-aws_dataset-20230710T1210Z_6CICdbJQM3beT7n3.json";
    public const string Invictus9Sjs = "invictus-aws_dataset-20230710T1230Z_9SJSsrxJ0ChF5VFb.json";
    public const string InvictusZtun = "invictus-aws_dataset-20230710T1230Z_ZtUNbBkwAu98FPZb.json";
    public const string Stratus = "stratus-red-team-iam-create-backdoor-role.json";

    public static readonly string[] AllFiles = [Invictus6Cic, Invictus9Sjs, InvictusZtun, Stratus];

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "realdata", "cloudtrail");

    public static string PathOf(string file) => Path.Combine(Folder, file);

    /// <summary>The records of a real file, as JSON nodes (the test side parses with the BCL, independently of the reader).</summary>
    public static List<JsonObject> Records(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(PathOf(file)))!;
        var array = root is JsonObject wrapper ? wrapper["Records"]!.AsArray() : root.AsArray();
        return [.. array.Select(node => node!.AsObject())];
    }

    public static List<JsonObject> AllRecords() => [.. AllFiles.SelectMany(Records)];

    public static Task<CloudTrailLog> LoadAsync(params string[] paths) => CloudTrailReader.LoadAsync(paths);

    public static Task<CloudTrailLog> LoadRealAsync(params string[] files) => CloudTrailReader.LoadAsync(files.Select(PathOf));

    public static CloudTrailLogObject InMemory(string name, byte[] bytes) =>
        new(name, _ => ValueTask.FromResult<Stream>(new MemoryStream(bytes, writable: false)));

    public static Task<CloudTrailLog> LoadBytesAsync(string name, byte[] bytes, CloudTrailReaderOptions? options = null) =>
        CloudTrailReader.LoadAsync(CloudTrailLogSource.FromObjects([InMemory(name, bytes)]), options);

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public static string Compact(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>A fresh temporary folder, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "iamsnapshot-ct-" + Guid.NewGuid().ToString("N"));

        public string Write(string relative, byte[] bytes)
        {
            var full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
            return full;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
