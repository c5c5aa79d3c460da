using System.Text;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Turns the UTF-8 bytes of short, highly repeated values (account ids, region names) into strings
/// without allocating each time: a month of logs holds millions of records but a handful of distinct
/// accounts and regions. Equal values give the same string instance.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxCachedChars = 128;
    private const int MaxEntries = 4096;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Utf8StringCache() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxCachedChars];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        return Intern(chars[..length]);
    }

    public string Intern(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var created = text.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(created, created);
        }

        return created;
    }
}
