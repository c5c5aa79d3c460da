using System.Numerics;

namespace IamSnapshot.Policies.Catalog;

/// <summary>
/// An immutable set of catalog action indices, stored as a bitset over the smallest word range that
/// holds its members. Actions are sorted by service, so a one-service set is a few words and only a
/// wildcard such as <c>*</c> needs the full 2.7 KB. Thread-safe.
/// </summary>
internal sealed class ActionSet : IEquatable<ActionSet>
{
    private readonly int _offset;
    private readonly ulong[] _words;
    private readonly int _count;

    private ActionSet(int offset, ulong[] words)
    {
        _offset = offset;
        _words = words;
        var count = 0;
        foreach (var w in words)
        {
            count += BitOperations.PopCount(w);
        }

        _count = count;
    }

    /// <summary>The empty set.</summary>
    public static ActionSet Empty { get; } = new(0, []);

    /// <summary>How many actions the set holds.</summary>
    public int Count => _count;

    /// <summary>True when the set holds no action.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>Creates the set of indices in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static ActionSet Range(int start, int end)
    {
        if (end <= start)
        {
            return Empty;
        }

        var builder = new Builder(start, end);
        for (var i = start; i < end; i++)
        {
            builder.Add(i);
        }

        return builder.ToSet();
    }

    /// <summary>Creates a set from indices.</summary>
    public static ActionSet Of(IEnumerable<int> indices)
    {
        var list = indices as IReadOnlyCollection<int> ?? indices.ToList();
        if (list.Count == 0)
        {
            return Empty;
        }

        var builder = new Builder(list.Max() + 1);
        foreach (var i in list)
        {
            builder.Add(i);
        }

        return builder.ToSet();
    }

    /// <summary>True when the set holds <paramref name="index"/>.</summary>
    public bool Contains(int index)
    {
        var w = (index >> 6) - _offset;
        return (uint)w < (uint)_words.Length && (_words[w] & (1UL << (index & 63))) != 0;
    }

    /// <summary>The indices, ascending.</summary>
    public IEnumerable<int> Indices()
    {
        for (var w = 0; w < _words.Length; w++)
        {
            var word = _words[w];
            while (word != 0)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                yield return ((_offset + w) << 6) + bit;
                word &= word - 1;
            }
        }
    }

    /// <summary>The union of two sets.</summary>
    public ActionSet Union(ActionSet other)
    {
        if (other.IsEmpty || ReferenceEquals(this, other))
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var start = Math.Min(_offset, other._offset);
        var end = Math.Max(_offset + _words.Length, other._offset + other._words.Length);
        var words = new ulong[end - start];
        _words.CopyTo(words, _offset - start);
        for (var i = 0; i < other._words.Length; i++)
        {
            words[other._offset - start + i] |= other._words[i];
        }

        return new ActionSet(start, words);
    }

    /// <summary>The union of many sets, allocating one array for the result.</summary>
    public static ActionSet UnionAll(IReadOnlyList<ActionSet> sets)
    {
        switch (sets.Count)
        {
            case 0:
                return Empty;
            case 1:
                return sets[0];
            default:
                break;
        }

        int start = int.MaxValue, end = 0;
        foreach (var set in sets)
        {
            if (!set.IsEmpty)
            {
                start = Math.Min(start, set._offset);
                end = Math.Max(end, set._offset + set._words.Length);
            }
        }

        if (end == 0)
        {
            return Empty;
        }

        var words = new ulong[end - start];
        foreach (var set in sets)
        {
            for (var i = 0; i < set._words.Length; i++)
            {
                words[set._offset - start + i] |= set._words[i];
            }
        }

        return new ActionSet(start, words);
    }

    /// <summary>The intersection of two sets.</summary>
    public ActionSet Intersect(ActionSet other)
    {
        var start = Math.Max(_offset, other._offset);
        var end = Math.Min(_offset + _words.Length, other._offset + other._words.Length);

        // Find the first and last shared word before allocating: most intersections are empty or small.
        int first = -1, last = -1;
        for (var w = start; w < end; w++)
        {
            if ((_words[w - _offset] & other._words[w - other._offset]) != 0)
            {
                if (first < 0)
                {
                    first = w;
                }

                last = w;
            }
        }

        if (first < 0)
        {
            return Empty;
        }

        if (first == _offset && last == _offset + _words.Length - 1 && IsSubsetOf(other))
        {
            return this;
        }

        var words = new ulong[last - first + 1];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = _words[first - _offset + i] & other._words[first - other._offset + i];
        }

        return new ActionSet(first, words);
    }

    /// <summary>The members of this set that <paramref name="other"/> does not hold.</summary>
    public ActionSet Except(ActionSet other)
    {
        if (other.IsEmpty || IsEmpty)
        {
            return this;
        }

        var words = (ulong[])_words.Clone();
        var changed = false;
        for (var i = 0; i < words.Length; i++)
        {
            var o = _offset + i - other._offset;
            if ((uint)o < (uint)other._words.Length && (words[i] & other._words[o]) != 0)
            {
                words[i] &= ~other._words[o];
                changed = true;
            }
        }

        return changed ? Trim(_offset, words) : this;
    }

    /// <summary>True when every member of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(ActionSet other)
    {
        for (var i = 0; i < _words.Length; i++)
        {
            var o = _offset + i - other._offset;
            var theirs = (uint)o < (uint)other._words.Length ? other._words[o] : 0UL;
            if ((_words[i] & ~theirs) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the two sets share a member.</summary>
    public bool Overlaps(ActionSet other)
    {
        var start = Math.Max(_offset, other._offset);
        var end = Math.Min(_offset + _words.Length, other._offset + other._words.Length);
        for (var w = start; w < end; w++)
        {
            if ((_words[w - _offset] & other._words[w - other._offset]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(ActionSet? other) =>
        other is not null && (ReferenceEquals(this, other) || (_offset == other._offset && _words.AsSpan().SequenceEqual(other._words)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActionSet);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_offset);
        foreach (var w in _words)
        {
            hash.Add(w);
        }

        return hash.ToHashCode();
    }

    private static ActionSet Trim(int offset, ulong[] words)
    {
        int first = 0, last = words.Length - 1;
        while (first <= last && words[first] == 0)
        {
            first++;
        }

        while (last >= first && words[last] == 0)
        {
            last--;
        }

        if (first > last)
        {
            return Empty;
        }

        return first == 0 && last == words.Length - 1 ? new ActionSet(offset, words) : new ActionSet(offset + first, words[first..(last + 1)]);
    }

    /// <summary>A mutable bitset over a fixed capacity, for building sets and unions of many sets.</summary>
    internal sealed class Builder
    {
        private readonly int _offset;
        private readonly ulong[] _words;

        /// <summary>A builder for indices in [0, <paramref name="capacity"/>).</summary>
        public Builder(int capacity)
            : this(0, capacity)
        {
        }

        /// <summary>A builder for indices in [<paramref name="start"/>, <paramref name="end"/>): only that word range is allocated.</summary>
        public Builder(int start, int end)
        {
            _offset = start >> 6;
            _words = new ulong[Math.Max(0, ((end + 63) >> 6) - _offset)];
        }

        public void Add(int index) => _words[(index >> 6) - _offset] |= 1UL << (index & 63);

        public void UnionWith(ActionSet set)
        {
            for (var i = 0; i < set._words.Length; i++)
            {
                _words[set._offset + i - _offset] |= set._words[i];
            }
        }

        // The builder is not used after ToSet, so its array can become the set's without a copy.
        public ActionSet ToSet() => Trim(_offset, _words);
    }
}
