using System.Reflection;
using System.Text.Json;
using IamSnapshot.Model;
using IamSnapshot.Serialization;

namespace IamSnapshot.Sources;

/// <summary>
/// Loads and saves snapshot files. <see cref="LoadAsync"/> accepts the saved snapshot format and raw
/// <c>get-account-authorization-details</c> output (AWS CLI or boto3) alike; <see cref="SaveAsync"/> writes
/// the deterministic saved format atomically, so a crash never leaves a half-written snapshot in place.
/// </summary>
public static class SnapshotFile
{
    /// <summary>The version recorded in snapshots this library writes (never a commit hash: re-imports must be byte-identical).</summary>
    public static string ToolVersion { get; } = "IamSnapshot " + (typeof(SnapshotFile).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    /// <summary>
    /// Loads a snapshot from a saved snapshot file, from AWS CLI authorization-details output, or from a folder of
    /// AWS CLI outputs (see <see cref="SnapshotFolderSource"/>).
    /// </summary>
    /// <param name="path">The file or folder to read.</param>
    /// <param name="options">Metadata to record when importing raw AWS output (ignored for saved snapshots), and the input limits.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="SnapshotFormatException">
    /// The file is missing, unreadable, larger than <see cref="ImportOptions.MaxInputBytes"/>, nested deeper than
    /// <see cref="ImportOptions.MaxDepth"/>, or not a snapshot; the message names the place.
    /// </exception>
    public static async Task<AccountSnapshot> LoadAsync(string path, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return await new SnapshotFolderSource(path, options).LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        var bytes = await Task.Run(() => JsonInput.ReadAllBytes(path, options), cancellationToken).ConfigureAwait(false);
        return Load(bytes, path, options);
    }

    /// <summary>Loads a snapshot from bytes already read (saved format or authorization-details output).</summary>
    /// <param name="utf8Json">The file content.</param>
    /// <param name="name">A name for error messages, usually the file path.</param>
    /// <param name="options">Metadata to record when importing raw AWS output, and the input limits.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="SnapshotFormatException">
    /// The content is larger than <see cref="ImportOptions.MaxInputBytes"/>, nested deeper than
    /// <see cref="ImportOptions.MaxDepth"/>, or not a snapshot.
    /// </exception>
    public static AccountSnapshot Load(ReadOnlyMemory<byte> utf8Json, string name, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var document = JsonInput.Parse(utf8Json, name, options);
        var root = document.RootElement;
        if (SnapshotJsonReader.Recognises(root))
        {
            return SnapshotJsonReader.Read(root, name);
        }

        if (AuthorizationDetailsLoader.Recognises(root))
        {
            return AuthorizationDetailsLoader.Load(root, name, ImportMetadata(AuthorizationDetailsLoader.SourceName, options));
        }

        throw new SnapshotFormatException(name, "$", root.ValueKind == JsonValueKind.Object
            ? "expected an IamSnapshot snapshot (with schemaVersion) or get-account-authorization-details output (with UserDetailList, GroupDetailList, RoleDetailList or Policies); this JSON object has neither"
            : $"expected a JSON object (a snapshot or get-account-authorization-details output), found {JsonInput.Describe(root.ValueKind)}");
    }

    /// <summary>Writes a snapshot in the saved format to a stream.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="stream">The destination.</param>
    public static void Write(AccountSnapshot snapshot, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stream);
        SnapshotJsonWriter.Write(snapshot, stream);
    }

    /// <summary>Writes a snapshot in the saved format and returns the bytes.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The UTF-8 JSON bytes.</returns>
    public static byte[] ToBytes(AccountSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        Write(snapshot, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Saves a snapshot atomically: it is written to a temporary file beside <paramref name="path"/>, flushed to
    /// disk, then renamed over the destination. An interrupted save leaves the previous file untouched.
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="path">The destination file.</param>
    /// <param name="cancellationToken">Cancels the save (the destination is then unchanged).</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static Task SaveAsync(AccountSnapshot snapshot, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return AtomicFile.WriteAsync(path, stream =>
        {
            Write(snapshot, stream);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    internal static SnapshotMetadata ImportMetadata(string source, ImportOptions? options) => new()
    {
        Source = source,
        CapturedAt = options?.CapturedAt,
        ToolVersion = ToolVersion,
        Parts = SnapshotParts.None,
    };
}

/// <summary>
/// How to load input files: the metadata to record when importing raw AWS output (which carries none of its own), where
/// warnings go, and the limits that keep a hostile or mistaken input from exhausting memory or the stack. The limits
/// apply to every file a load reads: saved snapshots, authorization details and each file of a folder. Immutable.
/// </summary>
public sealed record ImportOptions
{
    /// <summary>The default of <see cref="MaxDepth"/>.</summary>
    internal const int DefaultMaxDepth = 128;

    /// <summary>The default of <see cref="MaxInputBytes"/>: 512 MiB.</summary>
    internal const long DefaultMaxInputBytes = 512L * 1024 * 1024;

    private readonly int _maxDepth = DefaultMaxDepth;
    private readonly long _maxInputBytes = DefaultMaxInputBytes;

    /// <summary>The defaults: capture time unknown, warnings ignored, default limits.</summary>
    internal static ImportOptions Default { get; } = new();

    /// <summary>
    /// The deepest JSON nesting accepted (default 128). The formats need about a dozen levels (a condition inside a
    /// statement inside a policy version inside a policy); the limit stops a file of a million nested brackets before
    /// it is walked. A deeper file is refused with a <see cref="SnapshotFormatException"/> naming the line and column.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 16.</exception>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
            _maxDepth = value;
        }
    }

    /// <summary>
    /// The largest input file accepted, in bytes (default 512 MiB; the authorization details of an account with 5,000
    /// users, roles and policies are around 100 MB). Loading takes a few times the file's size in memory, so a larger
    /// file (a wrong path, a disk image) is refused with a <see cref="SnapshotFormatException"/> before it is read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 KiB.</exception>
    public long MaxInputBytes
    {
        get => _maxInputBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024);
            _maxInputBytes = value;
        }
    }

    /// <summary>
    /// When the data was captured; null records the capture time as unknown (a folder import then uses the
    /// credential report's generation time, when it has one).
    /// </summary>
    public DateTimeOffset? CapturedAt { get; init; }

    /// <summary>
    /// Receives each warning of an import (a duplicate credential-report row, a user only one file knows…); null
    /// ignores them. Nothing that loads with a warning is dropped.
    /// </summary>
    public Action<SnapshotWarning>? OnWarning { get; init; }
}
