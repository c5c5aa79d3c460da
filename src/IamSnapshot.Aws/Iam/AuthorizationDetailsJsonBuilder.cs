using System.Collections.Immutable;
using System.Text.Json;
using System.Xml.Linq;
using IamSnapshot.Aws.Transport;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Aws.Iam;

/// <summary>
/// Turns the pages of <c>GetAccountAuthorizationDetails</c> into snapshot entities as they arrive: each page is
/// converted to the JSON <c>aws iam get-account-authorization-details</c> prints and read by the same loader that
/// imports CLI output (so a capture and an import of the same account are equal), then the pages are merged the
/// way the CLI merges them. Loading page by page keeps the work off the end of the capture. <see cref="LoadPage"/>
/// is thread-safe (pages load in parallel); <see cref="Add"/> and <see cref="Build"/> are not.
/// </summary>
internal sealed class AuthorizationDetailsJsonBuilder
{
    private const string Operation = "GetAccountAuthorizationDetails";

    private static readonly (string List, string NameField)[] Lists =
    [
        ("UserDetailList", "UserName"),
        ("GroupDetailList", "GroupName"),
        ("RoleDetailList", "RoleName"),
        ("Policies", "PolicyName"),
    ];

    private readonly List<IamUser> _users = [];
    private readonly List<IamGroup> _groups = [];
    private readonly List<IamRole> _roles = [];
    private readonly List<ManagedPolicy> _policies = [];
    private readonly Dictionary<string, InstanceProfile> _profiles = new(StringComparer.Ordinal);

    /// <summary>Pages added so far.</summary>
    public int Pages { get; private set; }

    /// <summary>Entities added so far.</summary>
    public int Entities => _users.Count + _groups.Count + _roles.Count + _policies.Count;

    /// <summary>Adds one page.</summary>
    /// <param name="result">The page's <c>GetAccountAuthorizationDetailsResult</c> element.</param>
    /// <returns>The names of the users on this page (for the per-user calls).</returns>
    /// <exception cref="AwsCaptureException">An entity lacks its name or ARN, or a value does not parse.</exception>
    public IReadOnlyList<string> AddPage(XElement result)
    {
        var (page, users) = LoadPage(result, Pages + 1);
        Add(page);
        return users;
    }

    /// <summary>Converts and loads one page; touches no shared state.</summary>
    /// <param name="result">The page's result element.</param>
    /// <param name="pageNumber">The page number, for error messages.</param>
    /// <returns>The page's entities and user names.</returns>
    /// <exception cref="AwsCaptureException">The page is malformed.</exception>
    public static (AccountSnapshot Page, List<string> Users) LoadPage(XElement result, int pageNumber)
    {
        var json = PageJson(result, pageNumber, out var users);
        try
        {
            using var document = JsonDocument.Parse(json);
            return (AuthorizationDetailsLoader.Load(document.RootElement, $"{Operation} page {pageNumber}"), users);
        }
        catch (SnapshotFormatException ex)
        {
            throw QueryXmlToJson.Malformed(Operation, $"page {pageNumber}", ex.Message);
        }
    }

    /// <summary>Adds a loaded page.</summary>
    /// <param name="page">The page's entities.</param>
    public void Add(AccountSnapshot page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Pages++;
        _users.AddRange(page.Users);
        _groups.AddRange(page.Groups);
        _roles.AddRange(page.Roles);
        _policies.AddRange(page.Policies);
        foreach (var profile in page.InstanceProfiles)
        {
            // A profile named by roles on two pages holds the roles of both, as if the pages were one document.
            _profiles[profile.Arn] = _profiles.TryGetValue(profile.Arn, out var seen)
                ? seen with { RoleArns = seen.RoleArns.Union(profile.RoleArns).Order(StringComparer.Ordinal).ToImmutableArray() }
                : profile;
        }
    }

    /// <summary>Builds the snapshot of every page.</summary>
    /// <param name="metadata">The metadata; the four authorization-details parts are added to its parts.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="AwsCaptureException">An entity came on two pages.</exception>
    public AccountSnapshot Build(SnapshotMetadata metadata)
    {
        var duplicate = _users.Cast<IamEntity>().Concat(_groups).Concat(_roles).Concat(_policies)
            .GroupBy(e => e.Arn, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw QueryXmlToJson.Malformed(Operation, "the merged pages", $"the ARN {duplicate.Key} came more than once, so the pages overlap");
        }

        return new AccountSnapshot(metadata with { Parts = metadata.Parts | SnapshotParts.AuthorizationDetails }, _users, _groups, _roles, _policies, _profiles.Values);
    }

    /// <summary>Converts one page to CLI JSON (the four lists of that page).</summary>
    /// <param name="result">The result element.</param>
    /// <param name="pageNumber">The page number, for error messages.</param>
    /// <param name="users">The user names on the page.</param>
    /// <returns>UTF-8 JSON.</returns>
    internal static byte[] PageJson(XElement result, int pageNumber, out List<string> users)
    {
        users = [];
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < Lists.Length; i++)
            {
                var (list, nameField) = Lists[i];
                writer.WriteStartArray(list);
                var index = 0;
                foreach (var member in result.Members(list))
                {
                    index++;
                    var path = $"page {pageNumber} /{list}/member[{index}]";
                    var name = member.ChildText(nameField);
                    if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(member.ChildText("Arn")))
                    {
                        throw QueryXmlToJson.Malformed(Operation, path, $"the entity has no {nameField} or no Arn");
                    }

                    QueryXmlToJson.WriteValue(writer, member, Operation, path);
                    if (i == 0)
                    {
                        users.Add(name);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
