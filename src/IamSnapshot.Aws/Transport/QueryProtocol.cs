using System.Xml;
using System.Xml.Linq;
using IamSnapshot.Aws.Iam;

namespace IamSnapshot.Aws.Transport;

/// <summary>
/// The AWS Query protocol shared by IAM and STS: a form POST of <c>Action</c>, <c>Version</c> and parameters,
/// answered by <c>&lt;OpResponse&gt;&lt;OpResult&gt;…</c> XML.
/// </summary>
internal sealed class QueryProtocol
{
    private readonly AwsHttpTransport _transport;
    private readonly AwsService _service;
    private readonly string _version;

    /// <summary>Creates a protocol client for one service.</summary>
    /// <param name="transport">The signed transport.</param>
    /// <param name="service">The service.</param>
    /// <param name="version">The API version, for example <c>2010-05-08</c>.</param>
    public QueryProtocol(AwsHttpTransport transport, AwsService service, string version)
    {
        _transport = transport;
        _service = service;
        _version = version;
    }

    /// <summary>Calls an operation and returns its result element.</summary>
    /// <param name="operation">The action.</param>
    /// <param name="parameters">The parameters (already flattened, for example <c>Filter.member.1</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <c>&lt;OpResult&gt;</c> element.</returns>
    public async Task<XElement> CallAsync(string operation, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> form = [new("Action", operation), new("Version", _version), .. parameters];
        var body = await _transport.SendAsync(_service, operation, () => new FormUrlEncodedContent(form), null, cancellationToken).ConfigureAwait(false);
        XDocument document;
        try
        {
            document = SafeXml.Parse(body);
        }
        catch (XmlException ex)
        {
            throw QueryXmlToJson.Malformed(operation, "the response body", $"not well-formed XML ({ex.Message}); {body.Length} bytes received");
        }

        var root = document.Root!;
        if (root.Name.LocalName != operation + "Response")
        {
            throw QueryXmlToJson.Malformed(operation, "/", $"expected <{operation}Response>, found <{root.Name.LocalName}>");
        }

        return root.Child(operation + "Result")
            ?? throw QueryXmlToJson.Malformed(operation, $"/{operation}Response", $"<{operation}Result> is missing");
    }

    /// <summary>Calls one page of a paged operation.</summary>
    /// <param name="operation">The action.</param>
    /// <param name="parameters">The parameters, without <c>Marker</c>.</param>
    /// <param name="marker">The marker, or null for the first page.</param>
    /// <param name="requireTruncationFlag">True when a page without <c>IsTruncated</c> is malformed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public async Task<QueryPage> CallPageAsync(string operation, IEnumerable<KeyValuePair<string, string>> parameters, string? marker, bool requireTruncationFlag, CancellationToken cancellationToken)
    {
        var all = marker is null ? parameters : parameters.Append(new("Marker", marker));
        var result = await CallAsync(operation, all, cancellationToken).ConfigureAwait(false);
        var path = $"/{operation}Response/{operation}Result";
        var truncatedText = result.ChildText("IsTruncated");
        bool truncated;
        switch (truncatedText)
        {
            case "true":
                truncated = true;
                break;
            case "false":
                truncated = false;
                break;
            case null when !requireTruncationFlag:
                truncated = false;
                break;
            default:
                throw QueryXmlToJson.Malformed(operation, path + "/IsTruncated", truncatedText is null ? "the element is missing, so it is unknown whether more pages follow" : $"expected true or false, found '{truncatedText}'");
        }

        var next = result.ChildText("Marker");
        if (truncated && string.IsNullOrEmpty(next))
        {
            throw QueryXmlToJson.Malformed(operation, path + "/Marker", "IsTruncated is true but no Marker was given, so the next page cannot be requested");
        }

        if (truncated && string.Equals(next, marker, StringComparison.Ordinal))
        {
            throw QueryXmlToJson.Malformed(operation, path + "/Marker", "the same Marker came back twice, so paging would never end");
        }

        return new QueryPage(result, truncated, truncated ? next : null);
    }

    /// <summary>Calls every page of a paged list and returns the members of <paramref name="listName"/>.</summary>
    /// <param name="operation">The action.</param>
    /// <param name="listName">The list element in the result.</param>
    /// <param name="parameters">The parameters, without <c>Marker</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members of every page, in order.</returns>
    public async Task<IReadOnlyList<XElement>> ListAllAsync(string operation, string listName, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var members = new List<XElement>();
        string? marker = null;
        do
        {
            var page = await CallPageAsync(operation, parameters, marker, requireTruncationFlag: false, cancellationToken).ConfigureAwait(false);
            members.AddRange(page.Result.Members(listName));
            marker = page.Marker;
        }
        while (marker is not null);

        return members;
    }
}
