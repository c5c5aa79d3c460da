using System.Globalization;

namespace IamSnapshot.Sources;

/// <summary>Parses the date forms real IAM inputs contain, and formats dates for saved snapshots.</summary>
internal static class IamDates
{
    // Forms seen in real files: the CLI's ISO 8601 with offset or Z, boto3's str() with a space, fractional
    // seconds, and CloudTrail's en-US "Jul 10, 2023 12:23:05 PM" (no zone: UTC).
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
        "MMM d, yyyy h:mm:ss tt",
        "yyyy-MM-dd",
    ];

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(
            text.Trim(),
            Formats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
            out value);
    }

    /// <summary>The one form a saved snapshot uses: UTC, ISO 8601, fractional seconds only when present.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
