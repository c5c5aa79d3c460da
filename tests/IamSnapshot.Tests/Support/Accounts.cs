using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Tests.Support;

/// <summary>
/// Small hand-built accounts in get-account-authorization-details form, to be mutated by a test and loaded
/// through the real loader (so tests exercise the same path as real input).
/// </summary>
internal static class Accounts
{
    public const string Id = "111122223333";

    public static JsonObject Minimal() => (JsonObject)JsonNode.Parse($$"""
    {
      "UserDetailList": [
        { "Path": "/", "UserName": "alice", "UserId": "AIDAALICE", "Arn": "arn:aws:iam::{{Id}}:user/alice", "CreateDate": "2024-01-01T00:00:00Z",
          "GroupList": ["readers"], "AttachedManagedPolicies": [], "UserPolicyList": [], "Tags": [] },
        { "Path": "/", "UserName": "bob", "UserId": "AIDABOB", "Arn": "arn:aws:iam::{{Id}}:user/bob", "CreateDate": "2024-01-01T00:00:00Z",
          "GroupList": [], "AttachedManagedPolicies": [], "Tags": [],
          "PermissionsBoundary": { "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::{{Id}}:policy/boundary" },
          "UserPolicyList": [ { "PolicyName": "guard", "PolicyDocument": { "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*" },
            { "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*" } ] } } ] }
      ],
      "GroupDetailList": [
        { "Path": "/", "GroupName": "readers", "GroupId": "AGPAREADERS", "Arn": "arn:aws:iam::{{Id}}:group/readers", "CreateDate": "2024-01-01T00:00:00Z",
          "GroupPolicyList": [], "AttachedManagedPolicies": [ { "PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess" } ] },
        { "Path": "/", "GroupName": "admins", "GroupId": "AGPAADMINS", "Arn": "arn:aws:iam::{{Id}}:group/admins", "CreateDate": "2024-01-01T00:00:00Z",
          "GroupPolicyList": [], "AttachedManagedPolicies": [ { "PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess" } ] }
      ],
      "RoleDetailList": [
        { "Path": "/", "RoleName": "deployer", "RoleId": "AROADEPLOYER", "Arn": "arn:aws:iam::{{Id}}:role/deployer", "CreateDate": "2024-01-01T00:00:00Z",
          "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::{{Id}}:root" }, "Action": "sts:AssumeRole" } ] },
          "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [ { "PolicyName": "app", "PolicyArn": "arn:aws:iam::{{Id}}:policy/app" } ],
          "Tags": [ { "Key": "team", "Value": "platform" } ], "RoleLastUsed": { "LastUsedDate": "2024-06-01T00:00:00Z", "Region": "us-east-1" } }
      ],
      "Policies": [
        { "PolicyName": "app", "PolicyId": "ANPAAPP", "Arn": "arn:aws:iam::{{Id}}:policy/app", "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1,
          "PermissionsBoundaryUsageCount": 0, "IsAttachable": true, "CreateDate": "2024-01-01T00:00:00Z", "UpdateDate": "2024-01-01T00:00:00Z",
          "PolicyVersionList": [ { "VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2024-01-01T00:00:00Z",
            "Document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*" } ] } } ] },
        { "PolicyName": "boundary", "PolicyId": "ANPABOUNDARY", "Arn": "arn:aws:iam::{{Id}}:policy/boundary", "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 0,
          "PermissionsBoundaryUsageCount": 1, "IsAttachable": true, "CreateDate": "2024-01-01T00:00:00Z", "UpdateDate": "2024-01-01T00:00:00Z",
          "PolicyVersionList": [ { "VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2024-01-01T00:00:00Z",
            "Document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:*", "Resource": "*" } ] } } ] },
        { "PolicyName": "AdministratorAccess", "PolicyId": "ANPAADMIN", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1,
          "PermissionsBoundaryUsageCount": 0, "IsAttachable": true, "CreateDate": "2015-02-06T18:39:46Z", "UpdateDate": "2015-02-06T18:39:46Z",
          "PolicyVersionList": [ { "VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2015-02-06T18:39:46Z",
            "Document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "*", "Resource": "*" } ] } } ] }
      ]
    }
    """)!.AsObject();

    public static AccountSnapshot Load(JsonNode node, string name = "test.json") =>
        SnapshotFile.Load(Encoding.UTF8.GetBytes(node.ToJsonString()), name);

    public static JsonObject User(this JsonObject account, string name) =>
        account["UserDetailList"]!.AsArray().Single(u => (string)u!["UserName"]! == name)!.AsObject();

    public static JsonObject Role(this JsonObject account, string name) =>
        account["RoleDetailList"]!.AsArray().Single(u => (string)u!["RoleName"]! == name)!.AsObject();

    public static JsonObject Group(this JsonObject account, string name) =>
        account["GroupDetailList"]!.AsArray().Single(u => (string)u!["GroupName"]! == name)!.AsObject();

    public static JsonObject Policy(this JsonObject account, string name) =>
        account["Policies"]!.AsArray().Single(u => (string)u!["PolicyName"]! == name)!.AsObject();

    public static JsonArray Statements(this JsonObject document) => document["Statement"]!.AsArray();

    public static JsonNode Json(string json) => JsonNode.Parse(json)!;
}
