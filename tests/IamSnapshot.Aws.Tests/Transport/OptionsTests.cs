namespace IamSnapshot.Aws.Tests.Transport;

public sealed class OptionsTests
{
    [Fact]
    public void Validate_SeveralProblems_ListsThemAllAtOnce()
    {
        var options = new AwsCaptureOptions
        {
            Region = "Mars",
            RoleArn = "arn:aws:iam::123:user/x",
            MaxParallelRequests = 0,
            AuthorizationDetailsPageSize = 5000,
            EndpointUrl = new Uri("ftp://example.com"),
        };

        var act = options.Validate;

        act.Should().Throw<ArgumentException>()
            .WithMessage("*Region 'Mars'*").WithMessage("*RoleArn*").WithMessage("*MaxParallelRequests*")
            .WithMessage("*AuthorizationDetailsPageSize*").WithMessage("*EndpointUrl*");
    }

    [Fact]
    public void Validate_Defaults_AreValid() => new AwsCaptureOptions().Validate();

    [Fact]
    public void ToString_NeverPrintsTheExternalIdOrCredentials()
    {
        var options = new AwsCaptureOptions
        {
            RoleArn = "arn:aws:iam::111122223333:role/Audit",
            ExternalId = "very-secret-external-id",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret-key-value"),
        };

        options.ToString().Should().Contain("arn:aws:iam::111122223333:role/Audit").And.NotContain("very-secret-external-id").And.NotContain("secret-key-value");
    }
}
