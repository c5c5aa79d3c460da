using IamSnapshot.Sources;

namespace IamSnapshot.Rules.Configuration;

/// <summary>Reads the files people keep beside a pipeline (the configuration, a baseline) with the same checks.</summary>
internal static class ConfigurationFile
{
    /// <summary>
    /// The file as UTF-8: refused above <paramref name="maxBytes"/> before it is read, its byte order mark (UTF-8, 16 or
    /// 32) honoured as the snapshot loaders honour it, and bytes that are not UTF-8 reported with their place instead of
    /// being replaced (a rule id or ARN glob would then silently never match).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest file read.</param>
    /// <param name="what">What the file is, for the size message ("configuration file", "baseline").</param>
    /// <returns>The UTF-8 bytes, without a byte order mark.</returns>
    /// <exception cref="ConfigurationException">The file is too large or not UTF-8.</exception>
    public static ReadOnlyMemory<byte> ReadUtf8(string path, long maxBytes, string what)
    {
        var length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            throw new ConfigurationException(path, [$"the {what} has {length:N0} bytes; at most {maxBytes:N0} are read (is it the right file?)"]);
        }

        var utf8 = JsonInput.ToUtf8(File.ReadAllBytes(path));
        if (JsonTextValidator.FindInvalidUtf8(utf8.Span) is { } encoding)
        {
            throw new ConfigurationException(path, [$"{encoding.Location}: {encoding.Problem}"]);
        }

        return utf8;
    }
}
