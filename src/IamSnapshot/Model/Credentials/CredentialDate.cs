using System.Globalization;

namespace IamSnapshot.Model;

/// <summary>
/// One date cell of the credential report: a date, or one of the sentinels <c>N/A</c>, <c>not_supported</c> and
/// <c>no_information</c> (see <see cref="CredentialDateState"/>). A sentinel never becomes a date, so a rule cannot
/// mistake "never used" for "used at the minimum date". Dates are stored in UTC, so the report's two date forms
/// (<c>…+00:00</c> before 2024, <c>…Z</c> since) give equal values. Immutable value with structural equality.
/// </summary>
public readonly record struct CredentialDate
{
    private const string NotApplicableText = "N/A";
    private const string NotSupportedText = "not_supported";
    private const string NoInformationText = "no_information";

    // Both forms AWS has written (…+00:00 before mid-2024, …Z since), with optional fractions for safety.
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    private readonly DateTimeOffset _value;

    private CredentialDate(CredentialDateState state, DateTimeOffset value)
    {
        State = state;
        _value = value;
    }

    /// <summary><c>N/A</c>: no such credential, or never used. Equal to <c>default</c>.</summary>
    public static CredentialDate NotApplicable => default;

    /// <summary><c>not_supported</c>: IAM does not track the value for this principal.</summary>
    public static CredentialDate NotSupported => new(CredentialDateState.NotSupported, default);

    /// <summary><c>no_information</c>: IAM has no record of the value.</summary>
    public static CredentialDate NoInformation => new(CredentialDateState.NoInformation, default);

    /// <summary>What the cell holds.</summary>
    public CredentialDateState State { get; }

    /// <summary>The date, in UTC, when <see cref="State"/> is <see cref="CredentialDateState.Date"/>; otherwise null.</summary>
    public DateTimeOffset? Value => State == CredentialDateState.Date ? _value : null;

    /// <summary>True when the cell holds a date.</summary>
    public bool HasValue => State == CredentialDateState.Date;

    /// <summary>A cell holding <paramref name="value"/>, converted to UTC.</summary>
    /// <param name="value">The date.</param>
    /// <returns>The cell.</returns>
    public static CredentialDate At(DateTimeOffset value) => new(CredentialDateState.Date, value.ToUniversalTime());

    /// <summary>
    /// The cell as the credential report writes it today: <c>2025-01-28T17:25:12Z</c>, <c>N/A</c>,
    /// <c>not_supported</c> or <c>no_information</c>. Round-trips through the parser.
    /// </summary>
    /// <returns>The report text.</returns>
    public override string ToString() => State switch
    {
        CredentialDateState.Date => _value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        CredentialDateState.NotSupported => NotSupportedText,
        CredentialDateState.NoInformation => NoInformationText,
        _ => NotApplicableText,
    };

    /// <summary>Reads a report cell: a sentinel (any case) or a date in one of the report's forms.</summary>
    /// <param name="text">The cell text, without surrounding whitespace.</param>
    /// <param name="value">The cell, when the text is valid.</param>
    /// <returns>False when the text is neither a sentinel nor a date the report writes.</returns>
    internal static bool TryParse(string text, out CredentialDate value)
    {
        if (text.Equals(NotApplicableText, StringComparison.OrdinalIgnoreCase))
        {
            value = NotApplicable;
            return true;
        }

        if (text.Equals(NotSupportedText, StringComparison.OrdinalIgnoreCase))
        {
            value = NotSupported;
            return true;
        }

        if (text.Equals(NoInformationText, StringComparison.OrdinalIgnoreCase))
        {
            value = NoInformation;
            return true;
        }

        if (DateTimeOffset.TryParseExact(
                text,
                DateFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var date))
        {
            value = At(date);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The phrase error messages use for what a date cell may hold.</summary>
    internal const string ExpectedText =
        "expected a date such as 2025-01-28T17:25:12Z or 2023-01-03T10:41:45+00:00, or N/A, not_supported or no_information";
}
