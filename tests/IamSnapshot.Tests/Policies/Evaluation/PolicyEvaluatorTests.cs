using IamSnapshot.Policies;
using IamSnapshot.Policies.Evaluation;

namespace IamSnapshot.Tests.Policies.Evaluation;

public class PolicyEvaluatorTests
{
    private static PolicyDocument Doc(string statements) => PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");

    private static EvaluationResult Eval(PolicyDocument identity, string action, string resource, PolicyDocument? boundary = null) =>
        PolicyEvaluator.Default.Evaluate([identity], boundary, action, resource);

    [Fact]
    public void Evaluate_ExplicitDenyOverAllow_ExplicitlyDenied()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret/*"}""");

        Eval(doc, "s3:GetObject", "arn:aws:s3:::b/a.txt").Should().Be(new EvaluationResult(Decision.Allowed, false));
        Eval(doc, "S3:getobject", "arn:aws:s3:::b/secret/k").Decision.Should().Be(Decision.ExplicitlyDenied);
        Eval(doc, "s3:PutObject", "arn:aws:s3:::b/a.txt").Decision.Should().Be(Decision.ImplicitlyDenied);
        Eval(doc, "s3:GetObject", "arn:aws:s3:::other/a.txt").Decision.Should().Be(Decision.ImplicitlyDenied);
    }

    [Fact]
    public void Evaluate_NotAction_AllowsEverythingElse()
    {
        var doc = Doc("""{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""");

        Eval(doc, "iam:PassRole", "arn:aws:iam::111122223333:role/r").Decision.Should().Be(Decision.ImplicitlyDenied);
        Eval(doc, "ec2:RunInstances", "*").Decision.Should().Be(Decision.Allowed);
    }

    [Fact]
    public void Evaluate_NotResource_ExcludesOnlyTheListedResources()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret*"}""");

        Eval(doc, "s3:GetObject", "arn:aws:s3:::public/x").Decision.Should().Be(Decision.Allowed);
        Eval(doc, "s3:GetObject", "arn:aws:s3:::secret-bucket/x").Decision.Should().Be(Decision.ImplicitlyDenied);
    }

    [Fact]
    public void Evaluate_Boundary_MustAlsoAllow()
    {
        var admin = Doc("""{"Effect":"Allow","Action":"*","Resource":"*"}""");
        var boundary = Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}""");

        Eval(admin, "iam:CreateUser", "arn:aws:iam::111122223333:user/x", boundary).Decision.Should().Be(Decision.ImplicitlyDenied);
        Eval(admin, "s3:GetObject", "arn:aws:s3:::b/k", boundary).Decision.Should().Be(Decision.Allowed);
        Eval(admin, "iam:CreateUser", "arn:aws:iam::111122223333:user/x").Decision.Should().Be(Decision.Allowed);
    }

    [Fact]
    public void Evaluate_ResourceSegments_WildcardsDoNotSpanColonsBeforeTheResourcePart()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-*:111122223333:q*"}""");

        Eval(doc, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:queue1").Decision.Should().Be(Decision.Allowed);
        Eval(doc, "sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:queue1").Decision.Should().Be(Decision.ImplicitlyDenied);
        Eval(doc, "sqs:SendMessage", "arn:aws:sqs:us-east-1:999999999999:queue1").Decision.Should().Be(Decision.ImplicitlyDenied);
    }

    [Fact]
    public void Evaluate_ResourcePartIsCaseSensitive()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::111122223333:user/Bob"}""");

        Eval(doc, "iam:GetUser", "arn:aws:iam::111122223333:user/Bob").Decision.Should().Be(Decision.Allowed);
        Eval(doc, "iam:GetUser", "arn:aws:iam::111122223333:user/bob").Decision.Should().Be(Decision.ImplicitlyDenied);
    }

    [Fact]
    public void Evaluate_ConditionalAllow_ImplicitlyDeniedButConditional()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}""");

        Eval(doc, "s3:GetObject", "arn:aws:s3:::b/k").Should().Be(new EvaluationResult(Decision.ImplicitlyDenied, true));
        Eval(doc, "s3:PutObject", "arn:aws:s3:::b/k").Should().Be(new EvaluationResult(Decision.ImplicitlyDenied, false));
    }

    [Fact]
    public void Evaluate_ConditionalDeny_AllowedButConditional()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}""");

        Eval(doc, "s3:DeleteBucket", "arn:aws:s3:::b").Should().Be(new EvaluationResult(Decision.Allowed, true));
        Eval(doc, "s3:ListBucket", "arn:aws:s3:::b").Should().Be(new EvaluationResult(Decision.Allowed, false));
    }

    [Fact]
    public void Evaluate_ConditionalDenyUnderUnconditionalDeny_NotConditional()
    {
        var doc = Doc("""{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""");

        Eval(doc, "s3:GetObject", "arn:aws:s3:::b/k").Should().Be(new EvaluationResult(Decision.ExplicitlyDenied, false));
    }

    [Fact]
    public void Evaluate_ConditionalBoundary_MakesTheAllowConditional()
    {
        var identity = Doc("""{"Effect":"Allow","Action":"ec2:*","Resource":"*"}""");
        var boundary = Doc("""{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}""");

        Eval(identity, "ec2:RunInstances", "*", boundary).Should().Be(new EvaluationResult(Decision.ImplicitlyDenied, true));
    }

    [Fact]
    public void Evaluate_PolicyVariable_MatchesOnlyConditionally()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}""");

        Eval(doc, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/alice").Should().Be(new EvaluationResult(Decision.ImplicitlyDenied, true));
        Eval(doc, "iam:CreateAccessKey", "arn:aws:iam::111122223333:role/alice").Should().Be(new EvaluationResult(Decision.ImplicitlyDenied, false));
    }

    [Fact]
    public void Evaluate_EscapedWildcardVariable_IsALiteralStar()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${*}"}""");

        Eval(doc, "s3:GetObject", "arn:aws:s3:::b/*").Decision.Should().Be(Decision.Allowed);
        Eval(doc, "s3:GetObject", "arn:aws:s3:::b/x").Decision.Should().Be(Decision.ImplicitlyDenied);
    }

    [Fact]
    public void Evaluate_WildcardOnlyActionOnSpecificResource_NotAllowedOnStar()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"arn:aws:s3:::b"}""");

        Eval(doc, "s3:ListAllMyBuckets", "*").Decision.Should().Be(Decision.ImplicitlyDenied);
    }

    [Fact]
    public void Evaluate_StarRequest_AllowedWhenSomeResourceIsAllowed()
    {
        var doc = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret*"}""");
        var denied = Doc("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/a*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}""");
        var wrongType = Doc("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b/*"}""");

        Eval(doc, "s3:GetObject", "*").Decision.Should().Be(Decision.Allowed);
        Eval(denied, "s3:GetObject", "*").Decision.Should().Be(Decision.ExplicitlyDenied);
        Eval(wrongType, "s3:ListBucket", "*").Decision.Should().Be(Decision.ImplicitlyDenied, "an object pattern never names a bucket");
    }

    [Fact]
    public void Evaluate_UnknownAction_NoCrashAndMatchedAsText()
    {
        var doc = Doc("""{"Effect":"Allow","Action":["newsvc:*","s3:GetObjectt"],"Resource":"*"}""");

        Eval(doc, "newsvc:DoThing", "*").Decision.Should().Be(Decision.Allowed);
        PolicyEvaluator.Default.FindUnknownActions(doc).Should().Equal("newsvc:*", "s3:getobjectt");
    }

    [Fact]
    public void Evaluate_GetCallerIdentity_AlwaysAllowed()
    {
        var doc = Doc("""{"Effect":"Deny","Action":"*","Resource":"*"}""");

        Eval(doc, "sts:GetCallerIdentity", "*").Decision.Should().Be(Decision.Allowed);
    }
}
