using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.CloudTrail;
using IamSnapshot.CloudTrail.Parsing;
using IamSnapshot.Model;
using static IamSnapshot.Tests.CloudTrail.CloudTrailTestData;

namespace IamSnapshot.Tests.CloudTrail;

public class IamEventNormalizationTests
{
    private const string Account = "111122223333";

    [Fact]
    public async Task LoadAsync_StratusBackdoorRole_CreateRoleHasCrossAccountTrustAndBoundary()
    {
        var log = await LoadRealAsync(Stratus);

        var create = log.Events.Single(e => e.EventName == "CreateRole");
        create.EventVersion.Should().Be("1.09");
        create.Region.Should().Be("sagov-west-2r", "anonymised regions are kept, not validated");
        create.AccountId.Should().Be("555544443333");
        create.Actor.Arn.Should().Be("arn:aws:iam::555544443333:user/redteam-operator");
        create.Actor.PrincipalType.Should().Be("IAMUser");
        create.Actor.AccessKeyId.Should().StartWith("AKIAEXAMPLE");
        create.Origin.Should().Be(EventOrigin.Principal);
        create.SourceIpAddress.Should().Be("198.51.100.254");

        var created = create.Changes.Single(c => c.Category == IamChangeCategory.Created);
        created.EntityKind.Should().Be(EntityKind.Role);
        created.EntityArn.Should().Be("arn:aws:iam::555544443333:role/stratus-red-team-malicious-iam-role");
        created.Document.Should().NotBeNull();
        created.Document!.Statements.Should().ContainSingle().Which.Principal!.Entries["AWS"].Should().Equal("arn:aws:iam::999988887777:root");

        // The boundary is a string in the request and an object in the response; both give the ARN.
        create.Changes.Should().ContainSingle(c => c.Category == IamChangeCategory.PermissionsBoundary)
            .Which.Subject.Should().Be("arn:aws:iam::aws:policy/AWSDenyAll");

        // Same second, file sorted by name: the creation still comes first.
        log.Events.Select(e => e.EventName).Should().Equal("CreateRole", "AttachRolePolicy");
    }

    [Fact]
    public async Task LoadAsync_StratusCreateRole_RequestAndResponseTrustDocumentsAreTheSamePolicy()
    {
        // The response's trust policy is URL-encoded; parsed, it must equal the request's escaped JSON.
        var record = Records(Stratus)[1];
        var fromRequest = IamSnapshot.Policies.PolicyDocument.Parse((string)record["requestParameters"]!["assumeRolePolicyDocument"]!);
        var fromResponse = IamSnapshot.Policies.PolicyDocument.Parse((string)record["responseElements"]!["role"]!["assumeRolePolicyDocument"]!);
        var log = await LoadRealAsync(Stratus);

        fromResponse.Should().Be(fromRequest);
        log.Events.Single(e => e.EventName == "CreateRole").Changes[0].Document.Should().Be(fromResponse);
    }

    [Fact]
    public async Task LoadAsync_FailedDeleteLoginProfile_IsKeptApartAndIsNotAChange()
    {
        var log = await LoadRealAsync(Invictus9Sjs);

        var failed = log.FailedEvents.Should().ContainSingle().Subject;
        failed.EventName.Should().Be("DeleteLoginProfile");
        failed.ErrorCode.Should().Be("NoSuchEntityException");
        failed.ErrorMessage.Should().Contain("cannot be found");
        failed.IsFailed.Should().BeTrue();
        failed.Changes.Should().ContainSingle().Which.EntityArn.Should().Be("arn:aws:iam::111122223333:user/stratus-red-team-backdoor-u-user");

        log.Events.Should().NotContain(e => e.EventName == "DeleteLoginProfile");
        log.Explain(new AttributionQuery("arn:aws:iam::111122223333:user/stratus-red-team-backdoor-u-user", EntityKind.User, IamChangeCategory.LoginProfile))
            .Should().BeEmpty();
    }

    [Fact]
    public async Task LoadAsync_AttachUserPolicyAdministratorAccess_OnANewUser()
    {
        var log = await LoadRealAsync(InvictusZtun);

        var attach = log.Events.Single(e => e.EventName == "AttachUserPolicy");
        attach.Changes.Should().HaveCount(2);
        attach.Changes[0].Should().Match<IamChange>(c =>
            c.EntityKind == EntityKind.User
            && c.EntityArn == "arn:aws:iam::111122223333:user/malicious-iam-user"
            && c.Category == IamChangeCategory.AttachedPolicy
            && c.Operation == IamChangeOperation.Added
            && c.Subject == "arn:aws:iam::aws:policy/AdministratorAccess");
        attach.Changes[1].Should().Match<IamChange>(c =>
            c.EntityKind == EntityKind.ManagedPolicy && c.AccountId == "aws" && c.EntityName == "AdministratorAccess"
            && c.Subject == "arn:aws:iam::111122223333:user/malicious-iam-user");

        // The user was created in the same second and is ordered first; then a key followed.
        var names = log.Events.Where(e => e.Changes.Any(c => c.EntityName == "malicious-iam-user")).Select(e => e.EventName);
        names.Should().Equal("CreateUser", "AttachUserPolicy", "CreateAccessKey");
        log.Events.Single(e => e.EventName == "CreateAccessKey" && e.Changes[0].EntityName == "malicious-iam-user")
            .Changes[0].Subject.Should().Be("AKIAEXAMPLE2255CBF45");
    }

    [Fact]
    public async Task LoadAsync_UpdateAssumeRolePolicy_AddsAnotherAccountsRoot()
    {
        var log = await LoadRealAsync(InvictusZtun, Invictus9Sjs);

        var updates = log.Events.Where(e => e.EventName == "UpdateAssumeRolePolicy").ToList();
        updates.Should().HaveCount(2);
        updates.Should().OnlyContain(e => e.Changes.Single().Category == IamChangeCategory.Trust && e.Changes.Single().EntityArn == "arn:aws:iam::111122223333:role/stratus-red-team-backdoor-r-role");

        var principals = updates[0].Changes[0].Document!.Statements.Select(s => s.Principal!).SelectMany(p => p.All).ToList();
        principals.Should().Contain(("AWS", "arn:aws:iam::999988887777:root")).And.Contain(("Service", "ec2.amazonaws.com"));

        // The second update (pretty JSON in one file, compact JSON in the other) restores the original trust.
        updates[1].Changes[0].Document!.Statements.SelectMany(s => s.Principal!.All).Should().Equal([("Service", "ec2.amazonaws.com")]);
    }

    [Fact]
    public async Task LoadAsync_RealIdentities_KeepQuirksOfTheRecords()
    {
        var log = await LoadRealAsync(AllFiles);

        log.Events.Concat(log.FailedEvents).Should().OnlyContain(e =>
            e.Actor.SessionIssuerArn == null && e.Actor.PrincipalType == "IAMUser" && e.Actor.Id == e.Actor.Arn);
        log.Events.Select(e => e.EventVersion).Distinct().Should().BeEquivalentTo("1.08", "1.09");
        log.Events.Should().OnlyContain(e => e.ReadOnly == false && e.EventId.Length == 36 && e.UserAgent != null);
    }

    [Fact]
    public async Task Parse_AwsServiceIdentityWithoutArn_ActorFallsBackToInvokedBy()
    {
        var record = Derive("CreateRole", """{"roleName":"AWSReservedSSO_AdministratorAccess_0123456789abcdef","path":"/aws-reserved/sso.amazonaws.com/","assumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:saml-provider/AWSSSO_0123_DO_NOT_DELETE\"},\"Action\":[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]}]}"}""");
        record["userIdentity"] = JsonNode.Parse("""{"type":"AWSService","invokedBy":"sso.amazonaws.com"}""");
        record["sourceIPAddress"] = "sso.amazonaws.com";

        var e = (await LoadRecordsAsync(record)).Events.Single();

        e.Actor.Id.Should().Be("sso.amazonaws.com");
        e.Actor.Arn.Should().BeNull();
        e.Origin.Should().Be(EventOrigin.AwsService);
        e.Changes[0].EntityArn.Should().Be("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef");
    }

    [Fact]
    public async Task Parse_IdentityCenterSession_GivesIssuerRoleAndPersonAsSessionName()
    {
        var record = Derive("AttachRolePolicy", """{"roleName":"app-role","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}""");
        record["userIdentity"] = JsonNode.Parse("""
            {"type":"AssumedRole","principalId":"AROAEXAMPLEID:alice@example.com",
             "arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com",
             "accountId":"111122223333","accessKeyId":"ASIAEXAMPLE",
             "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef","accountId":"111122223333","userName":"AWSReservedSSO_AdministratorAccess_0123456789abcdef"},
               "attributes":{"creationDate":"2024-05-01T09:00:00Z","mfaAuthenticated":"false"}}}
            """);

        var e = (await LoadRecordsAsync(record)).Events.Single();

        e.Actor.SessionName.Should().Be("alice@example.com");
        e.Actor.SessionIssuerArn.Should().EndWith("/AWSReservedSSO_AdministratorAccess_0123456789abcdef");
        e.Actor.IsIdentityCenterSession.Should().BeTrue();
        e.Actor.MfaAuthenticated.Should().BeFalse("the attribute is the string \"false\"");
        e.Actor.ToString().Should().StartWith("alice@example.com (arn:aws:iam::");
        e.Origin.Should().Be(EventOrigin.Principal);
    }

    [Fact]
    public async Task Parse_ConsoleSessionOfIamUser_EmptySessionIssuerAndStringBoolean()
    {
        // Identity and console flag copied from a real 9SJS console record onto an IAM write.
        var console = Records(Invictus9Sjs).First(r => (string?)r["sessionCredentialFromConsole"] == "true");
        var record = Derive("DeleteUserPolicy", """{"userName":"bob","policyName":"inline"}""");
        record["userIdentity"] = console["userIdentity"]!.DeepClone();
        record["sessionCredentialFromConsole"] = "true";

        var e = (await LoadRecordsAsync(record)).Events.Single();

        ((JsonObject)console["userIdentity"]!["sessionContext"]!["sessionIssuer"]!).Should().BeEmpty();
        e.Actor.SessionIssuerArn.Should().BeNull();
        e.Actor.SessionName.Should().BeNull();
        e.Actor.ConsoleSession.Should().BeTrue();
        e.Actor.MfaAuthenticated.Should().BeTrue();
        e.Changes.Single().Should().Match<IamChange>(c => c.Category == IamChangeCategory.InlinePolicy && c.Operation == IamChangeOperation.Removed && c.Subject == "inline");
    }

    [Fact]
    public async Task Parse_InvokedByCloudFormation_IsOnBehalfOfThePrincipal()
    {
        var record = Derive("PutRolePolicy", """{"roleName":"r","policyName":"p","policyDocument":"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"}""");
        ((JsonObject)record["userIdentity"]!)["invokedBy"] = "cloudformation.amazonaws.com";

        var e = (await LoadRecordsAsync(record)).Events.Single();

        e.Origin.Should().Be(EventOrigin.AwsServiceOnBehalfOfPrincipal);
        e.Actor.Id.Should().Be("arn:aws:iam::111122223333:user/ir-analyst", "the ARN wins over invokedBy");
        e.Changes.Single().Document!.Statements.Single().Actions.Should().Equal("s3:*");
    }

    public static TheoryData<string, string, string?, string> Mappings => new()
    {
        { "DeleteUser", """{"userName":"u1"}""", null, "User user/u1 Deleted Removed -" },
        { "UpdateUser", """{"userName":"u1","newUserName":"u2"}""", null, "User user/u1 Renamed Removed arn:aws:iam::111122223333:user/u2; User user/u2 Renamed Added arn:aws:iam::111122223333:user/u1" },
        { "CreateGroup", """{"groupName":"admins","path":"/ops/"}""", """{"group":{"groupName":"admins","arn":"arn:aws:iam::111122223333:group/ops/admins"}}""", "Group group/ops/admins Created Added -" },
        { "AddUserToGroup", """{"groupName":"admins","userName":"u1"}""", null, "User user/u1 GroupMembership Added admins; Group group/admins GroupMembership Added u1" },
        { "RemoveUserFromGroup", """{"groupName":"admins","userName":"u1"}""", null, "User user/u1 GroupMembership Removed admins; Group group/admins GroupMembership Removed u1" },
        { "PutGroupPolicy", """{"groupName":"admins","policyName":"all","policyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}""", null, "Group group/admins InlinePolicy Added all" },
        { "DetachGroupPolicy", """{"groupName":"admins","policyArn":"arn:aws:iam::111122223333:policy/p"}""", null, "Group group/admins AttachedPolicy Removed arn:aws:iam::111122223333:policy/p; ManagedPolicy policy/p AttachedPolicy Removed arn:aws:iam::111122223333:group/admins" },
        { "UpdateRole", """{"roleName":"r","maxSessionDuration":43200}""", null, "Role role/r Properties Modified maxSessionDuration" },
        { "UpdateRoleDescription", """{"roleName":"r","description":"d"}""", null, "Role role/r Properties Modified description" },
        { "PutRolePermissionsBoundary", """{"roleName":"r","permissionsBoundary":"arn:aws:iam::111122223333:policy/boundary"}""", null, "Role role/r PermissionsBoundary Added arn:aws:iam::111122223333:policy/boundary" },
        { "DeleteUserPermissionsBoundary", """{"userName":"u1"}""", null, "User user/u1 PermissionsBoundary Removed -" },
        { "TagRole", """{"roleName":"r","tags":[{"key":"owner","value":"x"},{"key":"env","value":"prod"}]}""", null, "Role role/r Tags Added owner; Role role/r Tags Added env" },
        { "UntagUser", """{"userName":"u1","tagKeys":["owner"]}""", null, "User user/u1 Tags Removed owner" },
        { "TagPolicy", """{"policyArn":"arn:aws:iam::111122223333:policy/p","tags":[{"key":"k","value":"v"}]}""", null, "ManagedPolicy policy/p Tags Added k" },
        { "CreatePolicyVersion", """{"policyArn":"arn:aws:iam::111122223333:policy/p","setAsDefault":true,"policyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}]}"}""", """{"policyVersion":{"versionId":"v3","isDefaultVersion":true,"createDate":"Jul 10, 2023 12:23:05 PM"}}""", "ManagedPolicy policy/p PolicyVersion Added v3; ManagedPolicy policy/p DefaultPolicyVersion Modified v3" },
        { "DeletePolicyVersion", """{"policyArn":"arn:aws:iam::111122223333:policy/p","versionId":"v1"}""", null, "ManagedPolicy policy/p PolicyVersion Removed v1" },
        { "SetDefaultPolicyVersion", """{"policyArn":"arn:aws:iam::111122223333:policy/p","versionId":"v2"}""", null, "ManagedPolicy policy/p DefaultPolicyVersion Modified v2" },
        { "AddRoleToInstanceProfile", """{"instanceProfileName":"ip","roleName":"r"}""", null, "InstanceProfile instance-profile/ip InstanceProfileRole Added r; Role role/r InstanceProfileRole Added arn:aws:iam::111122223333:instance-profile/ip" },
        { "UpdateLoginProfile", """{"userName":"u1","passwordResetRequired":true}""", null, "User user/u1 LoginProfile Modified -" },
        { "ChangePassword", "{}", null, "User user/ir-analyst LoginProfile Modified password" },
        { "UpdateAccessKey", """{"userName":"u1","accessKeyId":"AKIAEXAMPLEKEY","status":"Inactive"}""", null, "User user/u1 AccessKey Modified AKIAEXAMPLEKEY" },
        { "DeleteAccessKey", """{"accessKeyId":"AKIAEXAMPLEKEY"}""", null, "User user/ir-analyst AccessKey Removed AKIAEXAMPLEKEY" },
        { "EnableMFADevice", """{"userName":"u1","serialNumber":"arn:aws:iam::111122223333:mfa/u1"}""", null, "User user/u1 MfaDevice Added arn:aws:iam::111122223333:mfa/u1" },
        { "DeactivateMFADevice", """{"userName":"u1","serialNumber":"arn:aws:iam::111122223333:mfa/u1"}""", null, "User user/u1 MfaDevice Removed arn:aws:iam::111122223333:mfa/u1" },
        { "CreateVirtualMFADevice", """{"virtualMFADeviceName":"u1"}""", """{"virtualMFADevice":{"serialNumber":"arn:aws:iam::111122223333:mfa/u1"}}""", "Account root MfaDevice Added arn:aws:iam::111122223333:mfa/u1" },
        { "UploadSSHPublicKey", """{"userName":"u1","sSHPublicKeyBody":"ssh-rsa AAAA"}""", """{"sSHPublicKey":{"userName":"u1","sSHPublicKeyId":"APKAEXAMPLE","status":"Active"}}""", "User user/u1 SshPublicKey Added APKAEXAMPLE" },
        { "UploadSigningCertificate", """{"userName":"u1","certificateBody":"-----BEGIN"}""", """{"certificate":{"userName":"u1","certificateId":"CERTID"}}""", "User user/u1 SigningCertificate Added CERTID" },
        { "CreateServiceSpecificCredential", """{"userName":"u1","serviceName":"codecommit.amazonaws.com"}""", """{"serviceSpecificCredential":{"serviceSpecificCredentialId":"ACCAEXAMPLE","userName":"u1"}}""", "User user/u1 ServiceSpecificCredential Added ACCAEXAMPLE" },
        { "CreateOpenIDConnectProvider", """{"url":"https://token.actions.githubusercontent.com","clientIDList":["sts.amazonaws.com"]}""", """{"openIDConnectProviderArn":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}""", "Account root IdentityProvider Added arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        { "DeleteSAMLProvider", """{"sAMLProviderArn":"arn:aws:iam::111122223333:saml-provider/okta"}""", null, "Account root IdentityProvider Removed arn:aws:iam::111122223333:saml-provider/okta" },
        { "UploadServerCertificate", """{"serverCertificateName":"web","path":"/"}""", null, "Account root ServerCertificate Added web" },
        { "UpdateAccountPasswordPolicy", """{"minimumPasswordLength":14}""", null, "Account root PasswordPolicy Modified -" },
        { "DeleteAccountPasswordPolicy", null!, null, "Account root PasswordPolicy Removed -" },
        { "CreateAccountAlias", """{"accountAlias":"acme-prod"}""", null, "Account root AccountAlias Added acme-prod" },
        { "CreateServiceLinkedRole", """{"aWSServiceName":"elasticbeanstalk.amazonaws.com"}""", """{"role":{"path":"/aws-service-role/elasticbeanstalk.amazonaws.com/","roleName":"AWSServiceRoleForElasticBeanstalk","arn":"arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk","assumeRolePolicyDocument":"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%5B%22elasticbeanstalk.amazonaws.com%22%5D%7D%2C%22Action%22%3A%5B%22sts%3AAssumeRole%22%5D%7D%5D%7D"}}""", "Role role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk Created Added -" },
        { "SetSecurityTokenServicePreferences", """{"globalEndpointTokenVersion":"v2Token"}""", null, "Account root Properties Modified globalEndpointTokenVersion" },
        { "PutBrandNewIamThing", """{"whatever":1}""", null, "Account root Other Modified PutBrandNewIamThing" },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task Parse_IamWriteApi_MapsToEntityCategoryAndSubject(string eventName, string? request, string? response, string expected)
    {
        var record = Derive(eventName, request, response);

        var log = await LoadRecordsAsync(record);

        log.Diagnostics.Should().BeEmpty();
        var e = log.Events.Should().ContainSingle().Subject;
        string.Join("; ", e.Changes.Select(Describe)).Should().Be(expected);
    }

    [Fact]
    public async Task Parse_ReadsAndReportGeneration_AreNotKept()
    {
        var log = await LoadRecordsAsync(Derive("GenerateCredentialReport", "{}"), Derive("SimulatePrincipalPolicy", "{}"));

        log.Events.Should().BeEmpty();
        log.Statistics.IamRecords.Should().Be(2);
    }

    [Fact]
    public async Task Parse_UnreadablePolicyDocument_IsReportedAndTheChangeKept()
    {
        var log = await LoadRecordsAsync(Derive("PutUserPolicy", """{"userName":"u1","policyName":"p","policyDocument":"{not json"}"""));

        log.Events.Single().Changes.Single().Should().Match<IamChange>(c => c.Category == IamChangeCategory.InlinePolicy && c.Document == null);
        log.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("PutUserPolicy").And.Contain("inline policy document");
    }

    [Fact]
    public async Task Parse_ChinaRegion_BuildsAwsCnArns()
    {
        var record = Derive("DeleteRole", """{"roleName":"r"}""");
        record["awsRegion"] = "cn-north-1";
        record["userIdentity"] = JsonNode.Parse("""{"type":"Root","principalId":"111122223333","arn":"arn:aws-cn:iam::111122223333:root","accountId":"111122223333"}""");

        var e = (await LoadRecordsAsync(record)).Events.Single();

        e.Changes.Single().EntityArn.Should().Be("arn:aws-cn:iam::111122223333:role/r");
    }

    [Fact]
    public async Task Parse_RootCreatesItsOwnAccessKey_IsAnAccountChange()
    {
        var record = Derive("CreateAccessKey", "{}", """{"accessKey":{"accessKeyId":"AKIAROOTKEY","status":"Active"}}""");
        record["userIdentity"] = JsonNode.Parse("""{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"}""");

        var change = (await LoadRecordsAsync(record)).Events.Single().Changes.Single();

        change.Should().Match<IamChange>(c => c.EntityKind == EntityKind.Account && c.Category == IamChangeCategory.AccessKey && c.Subject == "AKIAROOTKEY");
    }

    [Fact]
    public async Task LoadAsync_RoleNamedWithoutPath_TakesThePathShownByItsCreation()
    {
        var create = Derive("CreateRole", """{"roleName":"svc","path":"/service-role/","assumeRolePolicyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}""");
        var attach = Derive("AttachRolePolicy", """{"roleName":"svc","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""");
        attach["eventTime"] = "2023-07-10T12:30:00Z";

        var log = await LoadRecordsAsync(attach, create);

        log.Events.Select(e => e.Changes[0].EntityArn).Should().AllBe("arn:aws:iam::111122223333:role/service-role/svc");
        log.Events[1].Changes[1].Subject.Should().Be("arn:aws:iam::111122223333:role/service-role/svc");
    }

    [Fact]
    public async Task Parse_ResourcesWithUpperCaseArnAndNoType_GiveThePath()
    {
        var record = Derive("AttachRolePolicy", """{"roleName":"deployer","policyArn":"arn:aws:iam::aws:policy/PowerUserAccess"}""");
        record["resources"] = JsonNode.Parse("""
            [{"ARNPrefix":"arn:aws:s3:::bucket/prefix","accountId":"111122223333"},
             {"accountId":"111122223333","ARN":"arn:aws:iam::111122223333:role/ci/deployer"},
             {"accountId":"111122223333","type":"AWS::IAM::Policy","ARN":"arn:aws:iam::aws:policy/PowerUserAccess"}]
            """);

        var log = await LoadRecordsAsync(record);

        log.Diagnostics.Should().BeEmpty();
        log.Events.Single().Changes[0].EntityArn.Should().Be("arn:aws:iam::111122223333:role/ci/deployer");
    }

    [Fact]
    public async Task Parse_ErrorCodeWithoutMessage_IsAFailedEventWithNoMessage()
    {
        var record = Derive("AttachUserPolicy", """{"userName":"u1","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""");
        record["errorCode"] = "AccessDenied";
        record["responseElements"] = null;
        record["requestParameters"] = null;

        var log = await LoadRecordsAsync(record);

        log.Events.Should().BeEmpty();
        var failed = log.FailedEvents.Single();
        failed.ErrorMessage.Should().BeNull();
        failed.Changes.Should().ContainSingle().Which.Category.Should().Be(IamChangeCategory.Other, "a null requestParameters names no user");
        log.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("does not name the user");
    }

    [Theory]
    [InlineData("Jul 10, 2023 12:23:05 PM", "2023-07-10T12:23:05Z")]
    [InlineData("Aug 1, 2024 1:37:41 PM", "2024-08-01T13:37:41Z")]
    [InlineData("2023-07-10T12:24:49Z", "2023-07-10T12:24:49Z")]
    [InlineData("2023-07-10 12:24:49.000", "2023-07-10T12:24:49Z")]
    [InlineData("2023-07-10T14:24:49+02:00", "2023-07-10T12:24:49Z")]
    [InlineData("1688991889", "2023-07-10T12:24:49Z")]
    public void CloudTrailDates_RealForms_ParseAsUtc(string text, string expected)
    {
        CloudTrailDates.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        value.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task Parse_ZoneLessLakeEventTime_IsUtcNotLocal()
    {
        var record = Derive("DeleteUser", """{"userName":"u1"}""");
        record["eventTime"] = "2023-07-10 12:24:49.000";

        var e = (await LoadRecordsAsync(record)).Events.Single();

        e.EventTime.Should().Be(new DateTimeOffset(2023, 7, 10, 12, 24, 49, TimeSpan.Zero));
    }

    /// <summary>
    /// A record derived from a real one (the ZtUN CreateUser by ir-analyst): same identity and envelope,
    /// another API call.
    /// </summary>
    internal static JsonObject Derive(string eventName, string? request, string? response = null)
    {
        var template = Records(InvictusZtun).First(r => (string?)r["eventName"] == "CreateUser");
        var record = (JsonObject)template.DeepClone();
        record["eventName"] = eventName;
        record["eventID"] = Guid.NewGuid().ToString();
        record["requestParameters"] = request is null ? null : JsonNode.Parse(request);
        record["responseElements"] = response is null ? null : JsonNode.Parse(response);
        return record;
    }

    internal static Task<CloudTrailLog> LoadRecordsAsync(params JsonObject[] records)
    {
        var json = new JsonObject { ["Records"] = new JsonArray([.. records.Select(r => r.DeepClone())]) };
        return LoadBytesAsync("derived.json", Encoding.UTF8.GetBytes(Compact(json)));
    }

    private static string Describe(IamChange change)
    {
        var arn = change.EntityArn;
        var shortArn = arn[(arn.LastIndexOf(':') + 1)..];
        return $"{change.EntityKind} {shortArn} {change.Category} {change.Operation} {change.Subject ?? "-"}";
    }
}
