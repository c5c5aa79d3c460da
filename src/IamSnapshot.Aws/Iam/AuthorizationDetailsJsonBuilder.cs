using System.Text.Json;
using System.Xml.Linq;
using IamSnapshot.Aws.Transport;

namespace IamSnapshot.Aws.Iam;

/// <summary>
/// Collects the pages of <c>GetAccountAuthorizationDetails</c> and writes them as one document in the shape
/// <c>aws iam get-account-authorization-details</c> prints (the CLI merges pages the same way). Each entity is
/// converted to JSON as its page arrives, so the XML of a page can be dropped at once. Not thread-safe.
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

    private readonly List<byte[]>[] _items = [[], [], [], []];

    /// <summary>Pages added so far.</summary>
    public int Pages { get; private set; }

    /// <summary>Entities added so far.</summary>
    public int Entities => _items.Sum(list => list.Count);

    /// <summary>Adds one page.</summary>
    /// <param name="result">The page's <c>GetAccountAuthorizationDetailsResult</c> element.</param>
    /// <returns>The names of the users on this page (for the per-user calls).</returns>
    /// <exception cref="AwsCaptureException">An entity lacks its name or ARN, or a value does not parse.</exception>
    public IReadOnlyList<string> AddPage(XElement result)
    {
        Pages++;
        var users = new List<string>();
        for (var i = 0; i < Lists.Length; i++)
        {
            var (list, nameField) = Lists[i];
            var index = 0;
            foreach (var member in result.Members(list))
            {
                index++;
                var path = $"page {Pages} /{list}/member[{index}]";
                var name = member.ChildText(nameField);
                if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(member.ChildText("Arn")))
                {
                    throw QueryXmlToJson.Malformed(Operation, path, $"the entity has no {nameField} or no Arn");
                }

                _items[i].Add(QueryXmlToJson.ToJsonBytes(member, Operation, path));
                if (i == 0)
                {
                    users.Add(name);
                }
            }
        }

        return users;
    }

    /// <summary>Writes the merged document.</summary>
    /// <returns>UTF-8 JSON with <c>UserDetailList</c>, <c>GroupDetailList</c>, <c>RoleDetailList</c> and <c>Policies</c>.</returns>
    public byte[] Build()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < Lists.Length; i++)
            {
                writer.WriteStartArray(Lists[i].List);
                foreach (var item in _items[i])
                {
                    writer.WriteRawValue(item, skipInputValidation: true);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
