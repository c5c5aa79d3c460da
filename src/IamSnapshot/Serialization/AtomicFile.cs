namespace IamSnapshot.Serialization;

/// <summary>
/// Writes files so that readers see either the old content or the complete new content, never a partial file:
/// temp file in the same folder (same file system, so the rename is atomic), flush to disk, rename.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Prefix of temporary files; they also end in <c>.tmp</c>, so nothing mistakes them for snapshots.</summary>
    public const string TempPrefix = ".iamsnapshot-";

    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $"{TempPrefix}{Path.GetFileName(full)}-{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is never read as a snapshot.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
