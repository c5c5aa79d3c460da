using System.Globalization;

namespace IamSnapshot.Aws.Stores;

/// <summary>The store layout: <c>&lt;account&gt;/&lt;yyyy&gt;/&lt;mm&gt;/&lt;dd&gt;/&lt;HHmmss&gt;Z.json</c> and <c>&lt;account&gt;/latest</c>.</summary>
internal static class SnapshotKeys
{
    public const string LatestName = "latest";

    /// <summary>The key of a snapshot.</summary>
    public static string For(string accountId, DateTimeOffset capturedAt)
    {
        ValidateAccount(accountId);
        var utc = capturedAt.ToUniversalTime();
        return string.Create(CultureInfo.InvariantCulture, $"{accountId}/{utc:yyyy}/{utc:MM}/{utc:dd}/{utc:HHmmss}Z.json");
    }

    /// <summary>The key of the account's latest pointer.</summary>
    public static string Latest(string accountId)
    {
        ValidateAccount(accountId);
        return accountId + "/" + LatestName;
    }

    /// <summary>Parses a snapshot key, or returns false for anything else in the account's folder.</summary>
    public static bool TryParse(string key, out string accountId, out DateTimeOffset capturedAt)
    {
        accountId = string.Empty;
        capturedAt = default;
        var parts = key.Split('/');
        if (parts.Length != 5 || !IsAccount(parts[0]) || !parts[4].EndsWith("Z.json", StringComparison.Ordinal))
        {
            return false;
        }

        var text = $"{parts[1]}-{parts[2]}-{parts[3]}T{parts[4][..^"Z.json".Length]}";
        if (!DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out capturedAt))
        {
            return false;
        }

        accountId = parts[0];
        return true;
    }

    /// <summary>Throws unless the id is 12 digits (which also keeps keys inside the store's root).</summary>
    public static void ValidateAccount(string accountId)
    {
        if (!IsAccount(accountId))
        {
            throw new ArgumentException($"'{accountId}' is not a 12-digit AWS account id.", nameof(accountId));
        }
    }

    /// <summary>
    /// Finds the newest snapshot keys by walking the date folders newest first, so only the folders that hold the
    /// answer are listed, however many years of snapshots the account has.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="count">How many keys.</param>
    /// <param name="list">Lists a folder (a key prefix ending in <c>/</c>): its sub-folder names and its file names.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The keys, newest first.</returns>
    public static async Task<IReadOnlyList<string>> NewestAsync(string accountId, int count, Func<string, CancellationToken, Task<(IReadOnlyList<string> Folders, IReadOnlyList<string> Files)>> list, CancellationToken cancellationToken)
    {
        ValidateAccount(accountId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var found = new List<string>();
        await WalkAsync(accountId + "/", depth: 0).ConfigureAwait(false);
        return found;

        async Task WalkAsync(string prefix, int depth)
        {
            var (folders, files) = await list(prefix, cancellationToken).ConfigureAwait(false);
            if (depth == 3)
            {
                foreach (var file in files.Where(f => TryParse(prefix + f, out _, out _)).OrderDescending(StringComparer.Ordinal))
                {
                    found.Add(prefix + file);
                    if (found.Count == count)
                    {
                        return;
                    }
                }

                return;
            }

            var width = depth == 0 ? 4 : 2;
            foreach (var folder in folders.Where(f => f.Length == width && f.All(char.IsAsciiDigit)).OrderDescending(StringComparer.Ordinal))
            {
                await WalkAsync(prefix + folder + "/", depth + 1).ConfigureAwait(false);
                if (found.Count == count)
                {
                    return;
                }
            }
        }
    }

    private static bool IsAccount(string value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);
}
