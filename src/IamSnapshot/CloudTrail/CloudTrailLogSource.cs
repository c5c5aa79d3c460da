using System.Runtime.CompilerServices;

namespace IamSnapshot.CloudTrail;

/// <summary>Built-in <see cref="ICloudTrailLogSource"/>s.</summary>
public static class CloudTrailLogSource
{
    /// <summary>
    /// A file, or a folder read recursively: a copy of the S3 delivery layout
    /// (<c>AWSLogs/ACCOUNT/CloudTrail/REGION/yyyy/mm/dd/*.json.gz</c>) works as is. Files are read in
    /// ordinal path order. Files and folders whose name starts with <c>.</c> are left out; digest files are
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
                // A missing file is reported by the reader when it fails to open it.
                var objects = Directory.Exists(path) ? Walk(path) : [new CloudTrailLogObject(path, _ => ValueTask.FromResult<Stream>(OpenFile(path)))];
                foreach (var item in objects)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return item;
                }
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }

        /// <summary>
        /// Files of a folder tree in ordinal order. A folder that cannot be listed becomes an object whose
        /// opening fails with the same error, so that the reader reports it like any unreadable file
        /// instead of the whole read stopping or the folder being left out unnoticed.
        /// </summary>
        private static IEnumerable<CloudTrailLogObject> Walk(string folder)
        {
            string[] files;
            string[] folders;
            try
            {
                files = Directory.GetFiles(folder);
                folders = Directory.GetDirectories(folder);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                var error = ex;
                return [new CloudTrailLogObject(folder, _ => ValueTask.FromException<Stream>(error))];
            }

            // Sorted as full paths would sort: a folder's files follow "name/", so "b.json" comes before "b/…".
            var entries = files
                .Select(file => (Path: file, Key: Path.GetFileName(file), IsFolder: false))
                .Concat(folders.Select(sub => (Path: sub, Key: Path.GetFileName(sub) + "/", IsFolder: true)))
                .Where(entry => !entry.Key.StartsWith('.'))
                .OrderBy(entry => entry.Key, StringComparer.Ordinal);
            return entries.SelectMany(entry => entry.IsFolder
                ? Walk(entry.Path)
                : [new CloudTrailLogObject(entry.Path, _ => ValueTask.FromResult<Stream>(OpenFile(entry.Path)))]);
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
