using System.Text;
using System.Xml.Linq;
using IamSnapshot.Aws.Iam;

namespace IamSnapshot.Aws.Tests.Transport;

public sealed class QueryXmlToJsonTests
{
    private const string Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    [Fact]
    public void ToJson_Role_TypesValuesAndDecodesDocumentsLikeTheCli()
    {
        // Trust policy with a literal '+' and '%' in a condition value: RFC 3986 decoding keeps '+' as '+'.
        var trust = Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a+b 100%"}}}]}""");
        var role = XElement.Parse($"""
            <member xmlns="{Ns}"><Path>/</Path><RoleName>app</RoleName><Arn>arn:aws:iam::111122223333:role/app</Arn>
            <AssumeRolePolicyDocument>{trust}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration>
            <InstanceProfileList/><RolePolicyList/><Tags><member><Key>a&amp;b</Key><Value></Value></member></Tags><RoleLastUsed/></member>
            """);

        var json = Encoding.UTF8.GetString(QueryXmlToJson.ToJsonBytes(role, "GetAccountAuthorizationDetails", "/"));

        json.Should().Contain("\"aws:PrincipalTag/team\":\"a+b 100%\"");
        json.Should().Contain("\"MaxSessionDuration\":3600");
        json.Should().Contain("\"InstanceProfileList\":[]").And.Contain("\"RolePolicyList\":[]").And.Contain("\"RoleLastUsed\":{}");
        json.Should().Contain("\"Tags\":[{\"Key\":\"a\\u0026b\",\"Value\":\"\"}]");
    }

    [Theory]
    [InlineData("<IsAttachable>yes</IsAttachable>", "*expected true or false, found 'yes'*")]
    [InlineData("<AttachmentCount>many</AttachmentCount>", "*expected an integer, found 'many'*")]
    [InlineData("<Document>%7Bnot json</Document>", "*policy document is not JSON*")]
    public void ToJson_BadTypedValue_IsMalformedWithItsPath(string field, string message)
    {
        var element = XElement.Parse($"<member xmlns=\"{Ns}\">{field}</member>");

        var act = () => QueryXmlToJson.ToJsonBytes(element, "GetAccountAuthorizationDetails", "page 3 /Policies/member[2]");

        act.Should().Throw<AwsCaptureException>().WithMessage("*page 3 /Policies/member[2]/*").WithMessage(message);
    }

    [Fact]
    public void AuthorizationDetails_EntityWithoutArn_IsMalformed()
    {
        var builder = new AuthorizationDetailsJsonBuilder();
        var page = XElement.Parse($"<GetAccountAuthorizationDetailsResult xmlns=\"{Ns}\"><UserDetailList><member><UserName>bob</UserName></member></UserDetailList></GetAccountAuthorizationDetailsResult>");

        var act = () => builder.AddPage(page);

        act.Should().Throw<AwsCaptureException>().WithMessage("*page 1 /UserDetailList/member[1]*no UserName or no Arn*");
    }

    [Fact]
    public void AuthorizationDetails_SameEntityOnTwoPages_IsMalformed()
    {
        var builder = new AuthorizationDetailsJsonBuilder();
        var page = XElement.Parse($"<GetAccountAuthorizationDetailsResult xmlns=\"{Ns}\"><GroupDetailList><member><GroupName>g</GroupName><Arn>arn:aws:iam::111122223333:group/g</Arn></member></GroupDetailList></GetAccountAuthorizationDetailsResult>");
        builder.AddPage(page);
        builder.AddPage(page);

        var act = () => builder.Build(new IamSnapshot.Model.SnapshotMetadata());

        act.Should().Throw<AwsCaptureException>().WithMessage("*arn:aws:iam::111122223333:group/g came more than once*");
    }
}
