using System.Net;
using System.Text;
using Amazon.Runtime;
using IamSnapshot.Aws.Iam;
using IamSnapshot.Aws.Transport;

namespace IamSnapshot.Aws.Tests.Transport;

public sealed class TransportTests
{
    [Theory]
    [InlineData("us-west-2", "aws", "https://iam.amazonaws.com/", "us-east-1", "https://sts.us-west-2.amazonaws.com/")]
    [InlineData("cn-northwest-1", "aws-cn", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1", "https://sts.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-east-1", "aws-us-gov", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1", "https://sts.us-gov-east-1.amazonaws.com/")]
    public void Resolve_EachPartition_UsesItsGlobalIamEndpointAndSigningRegion(string region, string partition, string iam, string iamRegion, string sts)
    {
        var resolver = new EndpointResolver(AwsPartition.FromRegion(region), region, null, _ => null);

        AwsPartition.FromRegion(region).Name.Should().Be(partition);
        resolver.Resolve(AwsService.Iam).Should().Be(new ServiceEndpoint(new Uri(iam), iamRegion, "iam"));
        resolver.Resolve(AwsService.Sts).Should().Be(new ServiceEndpoint(new Uri(sts), region, "sts"));
    }

    [Fact]
    public void Resolve_EnvironmentOverrides_FollowTheCliPrecedence()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://localhost:4566",
            ["AWS_ENDPOINT_URL_IAM"] = "http://127.0.0.1:9000",
        };
        var resolver = new EndpointResolver(AwsPartition.Aws, "eu-west-1", null, env.GetValueOrDefault);

        resolver.Resolve(AwsService.Iam).Url.Should().Be(new Uri("http://127.0.0.1:9000"));
        resolver.Resolve(AwsService.Sts).Url.Should().Be(new Uri("http://localhost:4566"));
        resolver.Resolve(AwsService.Organizations).Url.Should().Be(new Uri("http://localhost:4566"));
        // The signing scope never follows the URL.
        resolver.Resolve(AwsService.Iam).SigningRegion.Should().Be("us-east-1");

        new EndpointResolver(AwsPartition.Aws, "eu-west-1", new Uri("http://explicit:1"), env.GetValueOrDefault).Resolve(AwsService.Iam).Url.Should().Be(new Uri("http://explicit:1"));
        env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        new EndpointResolver(AwsPartition.Aws, "eu-west-1", null, env.GetValueOrDefault).Resolve(AwsService.Iam).Url.Should().Be(AwsPartition.Aws.IamEndpoint);
    }

    [Fact]
    public void Resolve_EnvironmentUrlThatIsNotHttp_IsAConfigurationError()
    {
        var resolver = new EndpointResolver(AwsPartition.Aws, "us-east-1", null, name => name == "AWS_ENDPOINT_URL_STS" ? "ftp://x" : null);

        var act = () => resolver.Resolve(AwsService.Sts);

        act.Should().Throw<AwsCaptureException>().Where(e => e.Kind == AwsFailureKind.Configuration).WithMessage("*AWS_ENDPOINT_URL_STS*");
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/Audit", "aws", "111122223333", "Audit")]
    [InlineData("arn:aws-cn:iam::111122223333:role/path/to/Audit", "aws-cn", "111122223333", "Audit")]
    public void RoleArnParts_ValidArn_Parses(string arn, string partition, string account, string name)
    {
        RoleArnParts.TryParse(arn, out var parts).Should().BeTrue();
        parts.Partition.Name.Should().Be(partition);
        parts.AccountId.Should().Be(account);
        parts.Name.Should().Be(name);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:user/bob")]
    [InlineData("arn:aws:iam::1111:role/x")]
    [InlineData("arn:aws-xx:iam::111122223333:role/x")]
    [InlineData("arn:aws:iam::111122223333:role/")]
    public void RoleArnParts_NotARoleArn_IsRejected(string arn) => RoleArnParts.TryParse(arn, out _).Should().BeFalse();

    [Fact]
    public async Task Send_ChinaPartition_SignsForCnNorth1AndPostsTheQueryForm()
    {
        var handler = new RecordingHandler("<GetAccountSummaryResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetAccountSummaryResult><SummaryMap><entry><key>Users</key><value>3</value></entry></SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>");
        var transport = Transport(handler, new SessionAWSCredentials("ASIAEXAMPLE", "secret", "token-value"), AwsPartition.China, "cn-northwest-1");

        var result = await new IamQueryClient(transport).GetAccountSummaryAsync(default);

        Encoding.UTF8.GetString(QueryXmlToJson.ResultDocument(result, "GetAccountSummary")).Should().Be("""{"SummaryMap":{"Users":3}}""");
        var request = handler.Requests.Single();
        request.Uri.Should().Be(new Uri("https://iam.cn-north-1.amazonaws.com.cn/"));
        request.Authorization.Should().StartWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/").And.Contain("/cn-north-1/iam/aws4_request").And.Contain("x-amz-security-token");
        request.Token.Should().Be("token-value");
        request.Body.Should().Be("Action=GetAccountSummary&Version=2010-05-08");
        request.ContentType.Should().StartWith("application/x-www-form-urlencoded");
    }

    [Fact]
    public async Task Send_XmlWithADtd_IsRejectedAsMalformedWithoutExpandingEntities()
    {
        const string Bomb = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><GetAccountSummaryResponse><GetAccountSummaryResult>&b;</GetAccountSummaryResult></GetAccountSummaryResponse>""";
        var transport = Transport(new RecordingHandler(Bomb), new BasicAWSCredentials("AKIDEXAMPLE", "secret"), AwsPartition.Aws, "us-east-1");

        var act = () => new IamQueryClient(transport).GetAccountSummaryAsync(default);

        (await act.Should().ThrowAsync<AwsCaptureException>()).Which.Kind.Should().Be(AwsFailureKind.MalformedResponse);
    }

    [Fact]
    public async Task Send_ResponseOfAnotherOperation_IsMalformed()
    {
        var transport = Transport(new RecordingHandler("<ListUsersResponse><ListUsersResult/></ListUsersResponse>"), new BasicAWSCredentials("AKIDEXAMPLE", "secret"), AwsPartition.Aws, "us-east-1");

        var act = () => new IamQueryClient(transport).GetAccountSummaryAsync(default);

        (await act.Should().ThrowAsync<AwsCaptureException>()).WithMessage("*expected <GetAccountSummaryResponse>, found <ListUsersResponse>*");
    }

    [Theory]
    [InlineData("<IsTruncated>maybe</IsTruncated>", "*expected true or false*")]
    [InlineData("", "*IsTruncated*missing*")]
    [InlineData("<IsTruncated>true</IsTruncated>", "*no Marker*")]
    public async Task AuthorizationDetailsPage_BadPagingElements_AreMalformed(string paging, string message)
    {
        var xml = $"<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult>{paging}<UserDetailList/></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>";
        var transport = Transport(new RecordingHandler(xml), new BasicAWSCredentials("AKIDEXAMPLE", "secret"), AwsPartition.Aws, "us-east-1");

        var act = () => new IamQueryClient(transport).GetAccountAuthorizationDetailsPageAsync(null, 100, default);

        (await act.Should().ThrowAsync<AwsCaptureException>()).Which.Message.Should().Match(message);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>", AwsFailureKind.Throttled, true, "r-1")]
    [InlineData(HttpStatusCode.Forbidden, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error><RequestId>r-2</RequestId></ErrorResponse>", AwsFailureKind.AccessDenied, false, "r-2")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazon.coral.service#ThrottlingException","message":"slow down"}""", AwsFailureKind.Throttled, true, null)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", AwsFailureKind.ServiceError, true, null)]
    [InlineData(HttpStatusCode.Forbidden, "<ErrorResponse><Error><Code>ExpiredToken</Code></Error></ErrorResponse>", AwsFailureKind.Credentials, false, null)]
    public void ErrorParser_KnownShapes_AreClassified(HttpStatusCode status, string body, AwsFailureKind kind, bool transient, string? requestId)
    {
        var error = AwsErrorParser.FromResponse("Op", status, Encoding.UTF8.GetBytes(body), null, null);

        error.Kind.Should().Be(kind);
        error.IsTransient.Should().Be(transient);
        error.RequestId.Should().Be(requestId);
        error.Message.Should().StartWith("Op failed:");
    }

    private static AwsHttpTransport Transport(HttpMessageHandler handler, AWSCredentials credentials, AwsPartition partition, string region) =>
        new(credentials, handler, new EndpointResolver(partition, region, null, _ => null), new RetrySettings(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(10)), TimeProvider.System, null);

    /// <summary>Answers every request with one body and records what was sent; no network.</summary>
    private sealed class RecordingHandler(string response) : HttpMessageHandler
    {
        public List<(Uri Uri, string Authorization, string? Token, string Body, string ContentType)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            request.Headers.TryGetValues("Authorization", out var auth);
            request.Headers.TryGetValues("X-Amz-Security-Token", out var token);
            Requests.Add((request.RequestUri!, auth!.Single(), token?.Single(), body, request.Content.Headers.ContentType!.ToString()));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(response, Encoding.UTF8, "text/xml") };
        }
    }
}
