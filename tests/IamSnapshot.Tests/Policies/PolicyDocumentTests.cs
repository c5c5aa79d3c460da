using IamSnapshot.Policies;

namespace IamSnapshot.Tests.Policies;

public class PolicyDocumentTests
{
    [Fact]
    public void Parse_CosmeticRewrite_IsSemanticallyEqual()
    {
        var a = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"S3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Action":["iam:*"],"Resource":"*"}]}""");
        var b = PolicyDocument.Parse("""
            {
              "Statement": [
                { "Resource": "*", "Action": "iam:*", "Effect": "Deny" },
                { "Action": ["s3:getobject", "s3:GetObject"], "Effect": "Allow", "Resource": ["arn:aws:s3:::b/*"], "Sid": "Renamed" }
              ],
              "Version": "2012-10-17"
            }
            """);

        a.Should().Be(b);
        a.NormalizedJson.Should().NotBe(b.NormalizedJson, "the Sid is kept in the normalised form");
    }

    [Fact]
    public void Parse_UrlEncodedAndEscapedForms_GiveTheSameDocument()
    {
        const string plain = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}""";
        var encoded = Uri.EscapeDataString(plain);
        var escaped = System.Text.Json.JsonSerializer.Serialize(plain);

        PolicyDocument.Parse(encoded).Should().Be(PolicyDocument.Parse(plain));
        PolicyDocument.Parse(escaped).Should().Be(PolicyDocument.Parse(plain));
    }

    [Fact]
    public void Parse_ActionChange_IsNotEqual()
    {
        var a = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}""");
        var b = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""");
        a.Should().NotBe(b);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "expected a policy document object")]
    [InlineData("""{"Statement":[{"Effect":"Allwo","Action":"*","Resource":"*"}]}""", "$.Statement[0].Effect")]
    [InlineData("""{"Version":"2012-10-17"}""", "no Statement")]
    public void Parse_BadDocument_ThrowsWithPath(string text, string expected)
    {
        var act = () => PolicyDocument.Parse(text);
        act.Should().Throw<PolicyFormatException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Parse_PrincipalStarAndAccountId_AreNormalised()
    {
        var star = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}""");
        var awsStar = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"sts:AssumeRole"}]}""");
        star.Should().Be(awsStar);
        star.Statements[0].Principal!.IsWildcard.Should().BeTrue();

        var id = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}""");
        id.Statements[0].Principal!.Entries["AWS"].Should().Equal("arn:aws:iam::111122223333:root");
    }
}
