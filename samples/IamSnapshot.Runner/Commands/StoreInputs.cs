using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using IamSnapshot.Aws;
using IamSnapshot.Aws.S3;
using IamSnapshot.Aws.Stores;
using IamSnapshot.CloudTrail;
using IamSnapshot.Model;
using IamSnapshot.Runner.History;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Commands;

/// <summary>Two snapshots to compare, with the names reports show for them (a file path or an <c>s3://</c> URL).</summary>
internal sealed record SnapshotPair(string BeforeName, AccountSnapshot Before, string AfterName, AccountSnapshot After);

/// <summary>
/// What <c>diff</c> and <c>history</c> read besides local files: the two newest snapshots of an account in a snapshot
/// store (<c>--store DIR|s3://bucket/prefix --account ID</c>, the layout <c>capture --store</c> writes), and
/// <c>s3://</c> URLs (one snapshot, a prefix of snapshots, CloudTrail logs). S3 is read with the caller's own
/// credentials (the SDK's default chain, or <c>--profile</c>), never a capture role.
/// </summary>
internal sealed class StoreInputs
{
    private readonly Option<string?> _store = new("--store") { Description = "Compare the two newest snapshots of --account in this snapshot store (a folder or s3://bucket/prefix that capture --store writes), instead of BEFORE and AFTER." };
    private readonly Option<string?> _account = new("--account") { Description = "The 12-digit account whose snapshots --store compares." };
    private readonly Option<string?> _profile = new("--profile") { Description = "The AWS profile s3:// inputs are read with (default: the SDK's default chain)." };
    private readonly Option<string?> _region = new("--region") { Description = "The region of the S3 buckets read." };
    private readonly Option<string?> _endpointUrl = new("--endpoint-url") { Description = "Send S3 requests to this base URL (S3-compatible storage, emulators)." };
    private readonly Option<string?> _expectedOwner = new("--expected-bucket-owner") { Description = "The account that must own every S3 bucket read; others are refused." };
    private bool _withStore;

    /// <summary>Adds the options to a command.</summary>
    /// <param name="command">The command.</param>
    /// <param name="withStore">Whether to add <c>--store</c> and <c>--account</c> (diff) or only the S3 options (history).</param>
    public void AddTo(Command command, bool withStore = true)
    {
        _withStore = withStore;
        if (withStore)
        {
            command.Options.Add(_store);
            command.Options.Add(_account);
        }

        command.Options.Add(_profile);
        command.Options.Add(_region);
        command.Options.Add(_endpointUrl);
        command.Options.Add(_expectedOwner);
    }

    /// <summary>Starts one run's inputs; dispose it when the run ends.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <returns>The session.</returns>
    /// <exception cref="UsageException">An option is malformed.</exception>
    public InputSession Open(ParseResult parse)
    {
        Uri? endpoint = null;
        if (parse.GetValue(_endpointUrl) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out endpoint))
        {
            throw new UsageException($"--endpoint-url: \"{url}\" is not an absolute URL");
        }

        var owner = parse.GetValue(_expectedOwner);
        if (owner is not null && (owner.Length != 12 || !owner.All(char.IsAsciiDigit)))
        {
            throw new UsageException($"--expected-bucket-owner: \"{owner}\" is not a 12-digit account id");
        }

        var aws = new AwsCaptureOptions { Profile = parse.GetValue(_profile), Region = parse.GetValue(_region), EndpointUrl = endpoint };
        return new InputSession(aws, owner, _withStore ? parse.GetValue(_store) : null, _withStore ? parse.GetValue(_account) : null);
    }
}

/// <summary>One run's inputs. Creates the S3 client on first use (local inputs never need credentials) and disposes it.</summary>
internal sealed class InputSession : IDisposable
{
    private readonly AwsCaptureOptions _aws;
    private readonly string? _expectedOwner;
    private readonly string? _store;
    private readonly string? _account;
    private AmazonS3Client? _client;

    public InputSession(AwsCaptureOptions aws, string? expectedOwner, string? store, string? account)
    {
        _aws = aws;
        _expectedOwner = expectedOwner;
        _store = store;
        _account = account;
    }

    /// <summary>
    /// The two snapshots to compare: <paramref name="before"/> and <paramref name="after"/> (files, folders of CLI
    /// output, or <c>s3://bucket/key</c>), or, with <c>--store</c>, the account's two newest snapshots there.
    /// </summary>
    /// <exception cref="UsageException">The arguments do not fit together, or the store holds fewer than two snapshots.</exception>
    public async Task<SnapshotPair> LoadPairAsync(string? before, string? after, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            if (_account is not null)
            {
                throw new UsageException("--account applies to --store only; give BEFORE and AFTER, or --store DIR|s3://bucket/prefix --account ID");
            }

            if (before is null || after is null)
            {
                throw new UsageException("give BEFORE and AFTER, or --store DIR|s3://bucket/prefix --account ID");
            }

            var first = await LoadAsync(before, cancellationToken).ConfigureAwait(false);
            var second = await LoadAsync(after, cancellationToken).ConfigureAwait(false);
            return new SnapshotPair(before, first, after, second);
        }

        if (before is not null || after is not null)
        {
            throw new UsageException("--store compares the two newest snapshots of --account; give it without BEFORE and AFTER");
        }

        if (_account is null)
        {
            throw new UsageException("--store needs --account ID: the account whose two newest snapshots to compare");
        }

        if (_account.Length != 12 || !_account.All(char.IsAsciiDigit))
        {
            throw new UsageException($"--account: \"{_account}\" is not a 12-digit account id");
        }

        return await S3Errors.GuardAsync(_store, async () =>
        {
            var store = await OpenStoreAsync(_store, cancellationToken).ConfigureAwait(false);
            var newest = await store.ListNewestAsync(_account, 2, cancellationToken).ConfigureAwait(false);
            if (newest.Count < 2)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{_store} holds {newest.Count} snapshot(s) of account {_account}; a diff needs two (capture --store writes them)"));
            }

            // Newest first: the older one is "before".
            var older = await store.LoadAsync(newest[1], cancellationToken).ConfigureAwait(false);
            var newer = await store.LoadAsync(newest[0], cancellationToken).ConfigureAwait(false);
            return new SnapshotPair(newest[1].Location, older, newest[0].Location, newer);
        }).ConfigureAwait(false);
    }

    /// <summary>Loads one snapshot: a local file or folder, or an <c>s3://bucket/key</c> object.</summary>
    public async Task<AccountSnapshot> LoadAsync(string location, CancellationToken cancellationToken)
    {
        if (!S3Location.IsS3(location))
        {
            return await SnapshotFile.LoadAsync(location, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var target = Parse(location);
        if (target.IsPrefix)
        {
            throw new UsageException($"{location}: expected one snapshot object (s3://bucket/key.json), found a prefix");
        }

        return await S3Errors.GuardAsync(location, async () =>
        {
            var objects = await ObjectsAsync(cancellationToken).ConfigureAwait(false);
            return SnapshotFile.Load(await objects.ReadAsync(target, cancellationToken).ConfigureAwait(false), location);
        }).ConfigureAwait(false);
    }

    /// <summary>A series of snapshots for history: a local folder, or every <c>*.json</c> object under an <c>s3://</c> prefix.</summary>
    public ISnapshotSeries OpenSeries(string location) =>
        S3Location.IsS3(location) ? new S3SnapshotSeries(Parse(location), ObjectsAsync) : SnapshotSeries.Open(location);

    /// <summary>
    /// CloudTrail logs from local files and folders and <c>s3://</c> locations, read in the order given. S3 listing
    /// failures end the run (exit 3); an object that cannot be read is a reader diagnostic, as a local file is.
    /// </summary>
    public async Task<ICloudTrailLogSource> CloudTrailAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var sources = new List<ICloudTrailLogSource>();
        foreach (var path in paths)
        {
            if (S3Location.IsS3(path))
            {
                var target = Parse(path).ToString();
                var client = await S3Errors.GuardAsync(path, () => ClientAsync(cancellationToken)).ConfigureAwait(false);
                sources.Add(new GuardedSource(path, new S3CloudTrailLogSource(client, target, _expectedOwner)));
            }
            else
            {
                sources.Add(CloudTrailLogSource.FromPath(path));
            }
        }

        return new CompositeSource(sources);
    }

    public void Dispose() => _client?.Dispose();

    private static S3Location Parse(string location)
    {
        try
        {
            return S3Location.Parse(location);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private async Task<ISnapshotStore> OpenStoreAsync(string location, CancellationToken cancellationToken)
    {
        if (!S3Location.IsS3(location))
        {
            if (!Directory.Exists(location))
            {
                throw new UsageException($"--store {location}: folder not found");
            }

            return new LocalSnapshotStore(location);
        }

        S3SnapshotStoreOptions options;
        try
        {
            options = S3SnapshotStoreOptions.Parse(location) with { ExpectedBucketOwner = _expectedOwner };
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException("--store: " + ex.Message);
        }

        return new S3SnapshotStore(await ClientAsync(cancellationToken).ConfigureAwait(false), options);
    }

    private async Task<S3Objects> ObjectsAsync(CancellationToken cancellationToken) =>
        new(await ClientAsync(cancellationToken).ConfigureAwait(false), _expectedOwner);

    private async Task<AmazonS3Client> ClientAsync(CancellationToken cancellationToken) =>
        _client ??= await S3Clients.CreateAsync(_aws, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads several sources one after another.</summary>
    private sealed class CompositeSource(IReadOnlyList<ICloudTrailLogSource> sources) : ICloudTrailLogSource
    {
        public async IAsyncEnumerable<CloudTrailLogObject> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var source in sources)
            {
                await foreach (var item in source.EnumerateAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return item;
                }
            }
        }
    }

    /// <summary>Turns S3 listing failures into the runner's exit codes (not found: 2; denied, network: 3).</summary>
    private sealed class GuardedSource(string location, ICloudTrailLogSource inner) : ICloudTrailLogSource
    {
        public async IAsyncEnumerable<CloudTrailLogObject> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var items = inner.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (items.ConfigureAwait(false))
            {
                while (await S3Errors.GuardAsync(location, async () => await items.MoveNextAsync().ConfigureAwait(false)).ConfigureAwait(false))
                {
                    yield return items.Current;
                }
            }
        }
    }
}

/// <summary>Maps S3 and credential failures to the runner's exit codes: a missing bucket or object is an input error (2), anything else a failed run (3).</summary>
internal static class S3Errors
{
    public static async Task<T> GuardAsync<T>(string location, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (S3Objects.IsNotFound(ex))
        {
            throw new UsageException($"{location}: {(ex.ErrorCode == "NoSuchBucket" ? "no such bucket" : "no such object")}");
        }
        catch (AmazonServiceException ex)
        {
            throw new RunFailedException($"{location}: S3 refused the request: {ex.ErrorCode ?? ((int)ex.StatusCode).ToString(CultureInfo.InvariantCulture)}: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            throw new RunFailedException($"{location}: {ex.Message}");
        }
        catch (AwsCaptureException ex)
        {
            throw new RunFailedException($"{location}: {ex.Message}");
        }
    }
}
