using System.Runtime.CompilerServices;

namespace IamSnapshot.CloudTrail;

/// <summary>Built-in <see cref="ICloudTrailLogSource"/>s.</summary>
public static class CloudTrailLogSource
{
    /// <summary>
    /// A file, or a folder read recursively: a copy of the S3 delivery layout
    /// (<c>AWSLogs/ACCOUNT/CloudTrail/REGION/yyyy/mm/dd/*.json.gz</c>) works as is. Files are read in
    /// ordinal path order. Hidden files (name starting with <c>.</c>) are left out; digest files are
    /// recognised by content and skipped.
    /// </summary>
    /// <param name="path">A file or folder path.</param>
    /// <returns>The source.</returns>
    public static ICloudTrailLogSource FromPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileSystemSource([path]);
    }

    /// <summary>Several files or folders, read in the order given.</summary>
    /// <param name="paths">File or folder paths.</param>
    /// <returns>The source.</returns>
    public static ICloudTrailLogSource FromPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        foreach (var path in list)
        {
            ArgumentException.ThrowIfNullOrEmpty(path, nameof(paths));
        }

        return new FileSystemSource(list);
    }

    /// <summary>Log objects given directly (streams from memory, another store, a test).</summary>
    /// <param name="objects">The objects.</param>
    /// <returns>The source.</returns>
    public static ICloudTrailLogSource FromObjects(IEnumerable<CloudTrailLogObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return new ObjectListSource(objects.ToList());
    }

    private sealed class FileSystemSource(IReadOnlyList<string> paths) : ICloudTrailLogSource
    {
        public async IAsyncEnumerable<CloudTrailLogObject> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var path in paths)
            {
                IEnumerable<string> files;
                if (Directory.Exists(path))
                {
                    files = Directory
                        .EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = false })
                        .Where(file => !Path.GetFileName(file).StartsWith('.'))
                        .Order(StringComparer.Ordinal);
                }
                else
                {
                    // A missing file is reported by the reader when it fails to open it.
                    files = [path];
                }

                foreach (var file in files)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return new CloudTrailLogObject(file, _ => ValueTask.FromResult<Stream>(OpenFile(file)));
                }
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }

        private static FileStream OpenFile(string file) =>
            new(file, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,

                // The reader keeps its own large buffer; a second one in FileStream would only copy.
                BufferSize = 0,
            });
    }

    private sealed class ObjectListSource(IReadOnlyList<CloudTrailLogObject> objects) : ICloudTrailLogSource
    {
        public async IAsyncEnumerable<CloudTrailLogObject> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var item in objects)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return item;
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }
    }
}
