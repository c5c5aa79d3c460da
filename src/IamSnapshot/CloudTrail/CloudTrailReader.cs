using System.Runtime.CompilerServices;
using IamSnapshot.CloudTrail.Parsing;

namespace IamSnapshot.CloudTrail;

/// <summary>
/// Reads CloudTrail logs and keeps the IAM write events. Accepts, in any mix and found by content:
/// delivered files <c>{"Records":[…]}</c> (gzip or not), bare arrays, JSON Lines (Athena and
/// CloudTrail Lake exports), EventBridge events (<c>detail-type: "AWS API Call via CloudTrail"</c>),
/// <c>aws cloudtrail lookup-events</c> output, UTF-8 with or without BOM and UTF-16/32 with a BOM.
/// CloudTrail-Digest files are skipped. Files are streamed: only the record being read and the IAM
/// events kept are in memory. A bad record or file becomes a <see cref="CloudTrailDiagnostic"/> and
/// reading goes on.
/// </summary>
public static class CloudTrailReader
{
    /// <summary>
    /// Streams the IAM write events (successful and failed) in log order, as they are read. Diagnostics go
    /// to <see cref="CloudTrailReaderOptions.OnDiagnostic"/>. Use <see cref="LoadAsync(ICloudTrailLogSource, CloudTrailReaderOptions?, CancellationToken)"/>
    /// for sorted events, coverage and attribution.
    /// </summary>
    /// <param name="source">The logs.</param>
    /// <param name="options">Options, or null for <see cref="CloudTrailReaderOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events, in the order read; entity ARNs carry the default path <c>/</c> where the record names no path.</returns>
    public static IAsyncEnumerable<CloudTrailEvent> ReadEventsAsync(ICloudTrailLogSource source, CloudTrailReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ReadSession(options ?? CloudTrailReaderOptions.Default).ReadAsync(source, cancellationToken);
    }

    /// <summary>
    /// Reads all the logs: IAM write events sorted by time (duplicates removed, entity paths filled in
    /// from other records), failed events apart, coverage, diagnostics and counts.
    /// </summary>
    /// <param name="source">The logs.</param>
    /// <param name="options">Options, or null for <see cref="CloudTrailReaderOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The log.</returns>
    public static async Task<CloudTrailLog> LoadAsync(ICloudTrailLogSource source, CloudTrailReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var session = new ReadSession(options ?? CloudTrailReaderOptions.Default);
        var events = new List<CloudTrailEvent>();
        await foreach (var found in session.ReadAsync(source, cancellationToken).ConfigureAwait(false))
        {
            events.Add(found);
        }

        var unique = EventSet.RemoveDuplicates(events, out var duplicates);
        return new CloudTrailLog(unique, session.Coverage.Build(), session.Diagnostics, session.Statistics(duplicates));
    }

    /// <summary>Reads the files and folders given (see <see cref="CloudTrailLogSource.FromPaths"/>).</summary>
    /// <param name="paths">Files or folders.</param>
    /// <param name="options">Options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The log.</returns>
    public static Task<CloudTrailLog> LoadAsync(IEnumerable<string> paths, CloudTrailReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        LoadAsync(CloudTrailLogSource.FromPaths(paths), options, cancellationToken);
}
