using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using IamSnapshot.Model;

namespace IamSnapshot.Sources;

/// <summary>
/// Reads the IAM credential report in each form it is found in: the CSV a console download gives, the base64 text
/// the AWS CLI prints as <c>Content</c>, and the <c>GetCredentialReport</c> JSON (<c>Content</c>,
/// <c>GeneratedTime</c>, <c>ReportFormat</c>) whose <c>Content</c> is base64 (CLI) or already-decoded CSV (boto3
/// tools such as CloudMapper).
/// </summary>
/// <remarks>
/// Columns are found by header name, never by position, because AWS has added columns before. All 22 documented
/// columns are required: a missing one would otherwise read as "no credential" and hide a finding. Columns this
/// version does not know are ignored and named in a warning. Each row must have as many fields as the header.
/// Duplicate rows are kept (see <see cref="CredentialReport"/>) and reported as warnings.
/// </remarks>
internal static class CredentialReportParser
{
    private static readonly string[] Columns =
    [
        "user", "arn", "user_creation_time",
        "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation",
        "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
        "access_key_1_last_used_region", "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
        "access_key_2_last_used_region", "access_key_2_last_used_service",
        "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
    ];

    private const string ExpectedReport =
        "expected a credential report: CSV text starting with the header 'user,arn,...', base64-encoded CSV, or the GetCredentialReport JSON";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a credential report file in any of its forms.</summary>
    /// <param name="path">The file.</param>
    /// <param name="warnings">Receives warnings (duplicate rows, unknown columns), or null to discard them.</param>
    /// <param name="options">The input limits.</param>
    /// <returns>The report.</returns>
    /// <exception cref="SnapshotFormatException">The file is not a credential report, naming the line and column.</exception>
    internal static CredentialReport Load(string path, ICollection<SnapshotWarning>? warnings = null, ImportOptions? options = null) =>
        Parse(TextInput.ReadFile(path, options), path, warnings, options);

    /// <summary>Reads a credential report held in text, in any of its forms.</summary>
    /// <param name="text">CSV, base64-encoded CSV, or the <c>GetCredentialReport</c> JSON.</param>
    /// <param name="filePath">The file the text came from, for messages; null when it did not come from a file.</param>
    /// <param name="warnings">Receives warnings (duplicate rows, unknown columns), or null to discard them.</param>
    /// <returns>The report.</returns>
    /// <exception cref="SnapshotFormatException">The text is not a credential report, naming the line and column.</exception>
    internal static CredentialReport Parse(string text, string? filePath = null, ICollection<SnapshotWarning>? warnings = null) =>
        Parse(text, filePath, warnings, options: null);

    /// <inheritdoc cref="Parse(string, string?, ICollection{SnapshotWarning}?)"/>
    /// <param name="text">CSV, base64-encoded CSV, or the <c>GetCredentialReport</c> JSON.</param>
    /// <param name="filePath">The file the text came from, for messages; null when it did not come from a file.</param>
    /// <param name="warnings">Receives warnings (duplicate rows, unknown columns), or null to discard them.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxDepth"/> of the JSON form).</param>
    internal static CredentialReport Parse(string text, string? filePath, ICollection<SnapshotWarning>? warnings, ImportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = filePath ?? TextInput.UnnamedInput;
        warnings ??= new List<SnapshotWarning>();
        text = text.TrimStart('\uFEFF');
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty)
        {
            throw new SnapshotFormatException(name, SnapshotFormatException.TextLocation(1, 1), ExpectedReport, "an empty input");
        }

        // JSON starts with a brace (or a bracket, which is an error reported as such); base64 and CSV never do.
        if (trimmed[0] is '{' or '[')
        {
            return ParseWrapper(text, name, warnings, options);
        }

        var csv = DecodeContent(text, name, wrapperPath: null);
        return ParseCsv(csv, name, wrapperPath: null, generatedAt: null, warnings);
    }

    private static CredentialReport ParseWrapper(string text, string filePath, ICollection<SnapshotWarning> warnings, ImportOptions? options)
    {
        using var document = TextInput.ParseJson(text, filePath, options);
        var reader = new JsonPathReader(filePath);
        var root = document.RootElement;
        reader.ExpectObject(root, "$", "the GetCredentialReport output, with Content");
        if (!JsonPathReader.TryGet(root, "Content", out var content) || content.ValueKind != JsonValueKind.String)
        {
            throw new SnapshotFormatException(
                filePath,
                "$.Content",
                "expected the report as a string (base64-encoded or CSV)",
                content.ValueKind == JsonValueKind.Undefined ? "no Content key" : JsonInput.Describe(content.ValueKind));
        }

        var format = reader.OptionalString(root, "ReportFormat", "$");
        if (format is not null && !string.Equals(format, "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new SnapshotFormatException(filePath, "$.ReportFormat", "expected text/csv, the only format IAM produces", format);
        }

        var generatedAt = reader.OptionalDate(root, "GeneratedTime", "$")?.ToUniversalTime();
        var csv = DecodeContent(content.GetString()!, filePath, "$.Content");
        return ParseCsv(csv, filePath, "$.Content", generatedAt, warnings);
    }

    /// <summary>
    /// Returns CSV text as is, and decodes base64. The two cannot be confused: the report always has commas, and the
    /// base64 alphabet has none. This does not look for the word <c>user</c>, which is also a valid user name.
    /// </summary>
    private static string DecodeContent(string content, string filePath, string? wrapperPath)
    {
        if (content.Contains(',', StringComparison.Ordinal))
        {
            return content;
        }

        var location = wrapperPath ?? SnapshotFormatException.TextLocation(1, 1);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(content.Trim());
        }
        catch (FormatException ex)
        {
            throw new SnapshotFormatException(
                filePath,
                location,
                "expected base64-encoded CSV (as aws iam get-credential-report prints it) or CSV text",
                TextInput.Quote(content.Trim()),
                ex);
        }

        try
        {
            return StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException ex)
        {
            throw new SnapshotFormatException(
                filePath, location, "expected base64 of UTF-8 CSV text", "bytes that are not UTF-8", ex);
        }
    }

    private static CredentialReport ParseCsv(
        string csv, string filePath, string? wrapperPath, DateTimeOffset? generatedAt, ICollection<SnapshotWarning> warnings)
    {
        var context = new RowContext(filePath, wrapperPath);
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            DetectSeparatorHint = false,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };

        var rows = new List<CredentialReportEntry>();
        try
        {
            using var reader = CsvReader.FromText(csv, options);
            var headerLine = FirstNonEmptyLine(csv);
            var index = ReadHeader(reader, context, headerLine, warnings);
            var firstLineOfArn = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                context.Begin(reader, line);
                CheckFieldCount(reader, index.Count, context);
                var entry = ReadEntry(index, context);
                if (!firstLineOfArn.TryAdd(entry.Arn, line))
                {
                    warnings.Add(new SnapshotWarning(
                        filePath,
                        context.Where($"line {line}"),
                        $"duplicate row for {entry.Arn}; the row on line {firstLineOfArn[entry.Arn]} is kept as its row and this one in CredentialReport.Duplicates"));
                }

                rows.Add(entry);
            }
        }
        catch (CsvFormatException ex)
        {
            var line = (int)ex.LineNumber;
            throw new SnapshotFormatException(
                filePath,
                context.Where(line > 0 ? $"line {line}" : "$"),
                "expected well-formed CSV (balanced quotes)",
                ex.Message,
                ex);
        }

        if (!rows.Exists(r => r.IsRoot))
        {
            warnings.Add(new SnapshotWarning(filePath, wrapperPath ?? string.Empty, $"the report has no {CredentialReportEntry.RootUserName} row"));
        }

        return new CredentialReport(rows, generatedAt);
    }

    private static ColumnIndex ReadHeader(CsvReader reader, RowContext context, int headerLine, ICollection<SnapshotWarning> warnings)
    {
        var headers = reader.Headers;
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var column = 1;
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim();
            if (!positions.TryAdd(name, i) && Array.Exists(Columns, c => c.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new SnapshotFormatException(
                    context.FilePath,
                    context.Where(SnapshotFormatException.TextLocation(headerLine, column)),
                    "expected each column once in the header",
                    $"a second '{name}' column");
            }

            column += headers[i].Length + 1;
        }

        var missing = Columns.Where(c => !positions.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new SnapshotFormatException(
                context.FilePath,
                context.Where(SnapshotFormatException.TextLocation(headerLine, 1)),
                $"expected the credential report header with all {Columns.Length} documented columns ({Columns[0]},{Columns[1]},{Columns[2]},...,{Columns[^1]})",
                headers.Count == 0 ? "no header" : "a header without " + string.Join(", ", missing));
        }

        var unknown = positions.Keys.Where(k => !Columns.Contains(k, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            warnings.Add(new SnapshotWarning(
                context.FilePath,
                context.Where($"line {headerLine}"),
                "columns this version does not read were ignored: " + string.Join(", ", unknown)));
        }

        return new ColumnIndex(positions, headers.Count);
    }

    private static void CheckFieldCount(CsvReader reader, int expected, RowContext context)
    {
        var found = reader.FieldCount;
        if (found == expected)
        {
            return;
        }

        // Point at the end of a short row (where the missing fields should start) or at the first extra field.
        var column = found < expected
            ? Encoding.UTF8.GetCharCount(reader.RawRecord) + 1
            : context.ColumnOf(expected);
        throw new SnapshotFormatException(
            context.FilePath,
            context.Where(SnapshotFormatException.TextLocation(context.Line, column)),
            string.Create(CultureInfo.InvariantCulture, $"expected {expected} fields, as many as the header has (is the row cut short?)"),
            string.Create(CultureInfo.InvariantCulture, $"{found} fields"));
    }

    private static CredentialReportEntry ReadEntry(ColumnIndex index, RowContext context)
    {
        var userName = RequiredText(index, context, "user", "a user name");
        var arn = RequiredText(index, context, "arn", "an ARN");
        return new CredentialReportEntry
        {
            UserName = userName,
            Arn = arn,
            UserCreationTime = Date(index, context, "user_creation_time"),
            Password = new PasswordCredential
            {
                Status = PasswordEnabled(index, context),
                LastUsed = Date(index, context, "password_last_used"),
                LastChanged = Date(index, context, "password_last_changed"),
                NextRotation = Date(index, context, "password_next_rotation"),
            },
            MfaActive = Bool(index, context, "mfa_active"),
            AccessKey1 = AccessKey(index, context, 1),
            AccessKey2 = AccessKey(index, context, 2),
            Certificate1 = Certificate(index, context, 1),
            Certificate2 = Certificate(index, context, 2),
        };
    }

    private static AccessKeyCredential AccessKey(ColumnIndex index, RowContext context, int slot)
    {
        var prefix = slot == 1 ? "access_key_1_" : "access_key_2_";
        return new AccessKeyCredential
        {
            Active = Bool(index, context, prefix + "active"),
            LastRotated = Date(index, context, prefix + "last_rotated"),
            LastUsed = Date(index, context, prefix + "last_used_date"),
            LastUsedRegion = OptionalText(index, context, prefix + "last_used_region"),
            LastUsedService = OptionalText(index, context, prefix + "last_used_service"),
        };
    }

    private static SigningCertificateCredential Certificate(ColumnIndex index, RowContext context, int slot)
    {
        var prefix = slot == 1 ? "cert_1_" : "cert_2_";
        return new SigningCertificateCredential
        {
            Active = Bool(index, context, prefix + "active"),
            LastRotated = Date(index, context, prefix + "last_rotated"),
        };
    }

    private static string RequiredText(ColumnIndex index, RowContext context, string column, string expected)
    {
        var value = context.Field(index, column);
        return value.Length > 0 ? value : throw context.Error(index, column, "expected " + expected, "an empty field");
    }

    private static string? OptionalText(ColumnIndex index, RowContext context, string column)
    {
        var value = context.Field(index, column);
        return value.Length == 0 || value.Equals("N/A", StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    private static bool Bool(ColumnIndex index, RowContext context, string column)
    {
        var value = context.Field(index, column);
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return value.Equals("false", StringComparison.OrdinalIgnoreCase)
            ? false
            : throw context.Error(index, column, "expected true or false", value);
    }

    private static PasswordStatus PasswordEnabled(ColumnIndex index, RowContext context)
    {
        var value = context.Field(index, "password_enabled");
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return PasswordStatus.Enabled;
        }

        if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return PasswordStatus.Disabled;
        }

        return value.Equals("not_supported", StringComparison.OrdinalIgnoreCase)
            ? PasswordStatus.NotSupported
            : throw context.Error(index, "password_enabled", "expected true, false or not_supported", value);
    }

    private static CredentialDate Date(ColumnIndex index, RowContext context, string column)
    {
        var value = context.Field(index, column);
        return CredentialDate.TryParse(value, out var date)
            ? date
            : throw context.Error(index, column, CredentialDate.ExpectedText, value);
    }

    private static int FirstNonEmptyLine(string csv)
    {
        var line = 1;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= csv.Length || csv[i + 1] != '\n')))
            {
                line++;
            }
            else if (c != '\r')
            {
                break;
            }
        }

        return line;
    }

    private sealed record ColumnIndex(Dictionary<string, int> Positions, int Count)
    {
        public int this[string column] => Positions[column];
    }

    /// <summary>The reader, its current line and how to describe a place in it, for fields and errors.</summary>
    private sealed class RowContext(string filePath, string? wrapperPath)
    {
        private CsvReader? _reader;

        public string FilePath { get; } = filePath;

        public int Line { get; private set; }

        public void Begin(CsvReader reader, int line)
        {
            _reader = reader;
            Line = line;
        }

        public string Field(ColumnIndex index, string column) => _reader!.GetString(index[column]);

        public string Where(string location) => wrapperPath is null ? location : $"{wrapperPath}, {location}";

        /// <summary>The 1-based character column where field <paramref name="fieldIndex"/> starts on the current line.</summary>
        public int ColumnOf(int fieldIndex)
        {
            var column = 1;
            for (var i = 0; i < fieldIndex && i < _reader!.FieldCount; i++)
            {
                column += Encoding.UTF8.GetCharCount(_reader.GetRawSpan(i)) + 1;
            }

            return column;
        }

        public SnapshotFormatException Error(ColumnIndex index, string column, string expected, string found)
        {
            var at = ColumnOf(index[column]);
            var location = Where(SnapshotFormatException.TextLocation(Line, at) + $" ({column})");
            return new SnapshotFormatException(FilePath, location, expected, found);
        }
    }
}
