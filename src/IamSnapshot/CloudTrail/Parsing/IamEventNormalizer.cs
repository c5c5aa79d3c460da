using System.Text.Json;
using IamSnapshot.Model;
using static IamSnapshot.CloudTrail.IamChangeOperation;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Maps each IAM write API onto the <see cref="IamChange"/>s it makes. Request parameter names are the
/// API's, camel-cased as CloudTrail records them (<c>roleName</c>, <c>policyArn</c>,
/// <c>sAMLProviderArn</c>); lookups ignore case. An IAM write not listed here is kept as
/// <see cref="IamChangeCategory.Other"/> so that nothing is dropped silently.
/// </summary>
internal static class IamEventNormalizer
{
    private static readonly string[] AddingVerbs = ["Create", "Put", "Upload", "Attach", "Add", "Enable", "Tag"];
    private static readonly string[] RemovingVerbs = ["Delete", "Detach", "Remove", "Deactivate", "Untag", "Disable"];

    public static void Normalize(IamEventContext c)
    {
        var name = c.EventName;
        switch (name)
        {
            // Users
            case "CreateUser":
                c.AddNamed(EntityKind.User, c.Req("userName") ?? c.Resp("user", "userName"), c.Req("path"), c.Resp("user", "arn"), IamChangeCategory.Created, Added);
                AddCreationBoundary(c, EntityKind.User, c.Req("userName") ?? c.Resp("user", "userName"), c.Req("path"), c.Resp("user", "arn"), Json.Get(c.Response, "user"));
                break;
            case "DeleteUser":
                c.AddNamed(EntityKind.User, c.Req("userName"), null, null, IamChangeCategory.Deleted, Removed);
                break;
            case "UpdateUser":
                Rename(c, EntityKind.User, c.Req("userName"), c.Req("newUserName"), c.Req("newPath"));
                break;
            case "CreateLoginProfile":
            case "UpdateLoginProfile":
            case "DeleteLoginProfile":
                OnUser(c, c.Req("userName") ?? c.Resp("loginProfile", "userName"), IamChangeCategory.LoginProfile, OperationOf(name), null);
                break;
            case "ChangePassword":
                OnUser(c, null, IamChangeCategory.LoginProfile, Modified, "password");
                break;
            case "CreateAccessKey":
                OnUser(c, c.Req("userName") ?? c.Resp("accessKey", "userName"), IamChangeCategory.AccessKey, Added, c.Resp("accessKey", "accessKeyId"));
                break;
            case "UpdateAccessKey":
            case "DeleteAccessKey":
                OnUser(c, c.Req("userName"), IamChangeCategory.AccessKey, OperationOf(name), c.Req("accessKeyId"));
                break;
            case "EnableMFADevice":
            case "DeactivateMFADevice":
            case "ResyncMFADevice":
            case "DeleteMFADevice":
                OnUser(c, c.Req("userName"), IamChangeCategory.MfaDevice, name.StartsWith("Enable", StringComparison.Ordinal) ? Added : OperationOf(name), c.Req("serialNumber"));
                break;
            case "CreateVirtualMFADevice":
                c.AddAccount(IamChangeCategory.MfaDevice, Added, c.Resp("virtualMFADevice", "serialNumber") ?? c.Req("virtualMFADeviceName"));
                break;
            case "DeleteVirtualMFADevice":
                c.AddAccount(IamChangeCategory.MfaDevice, Removed, c.Req("serialNumber"));
                break;
            case "UploadSigningCertificate":
                OnUser(c, c.Req("userName") ?? c.Resp("certificate", "userName"), IamChangeCategory.SigningCertificate, Added, c.Resp("certificate", "certificateId"));
                break;
            case "UpdateSigningCertificate":
            case "DeleteSigningCertificate":
                OnUser(c, c.Req("userName"), IamChangeCategory.SigningCertificate, OperationOf(name), c.Req("certificateId"));
                break;
            case "UploadSSHPublicKey":
                OnUser(c, c.Req("userName") ?? c.Resp("sSHPublicKey", "userName"), IamChangeCategory.SshPublicKey, Added, c.Resp("sSHPublicKey", "sSHPublicKeyId"));
                break;
            case "UpdateSSHPublicKey":
            case "DeleteSSHPublicKey":
                OnUser(c, c.Req("userName"), IamChangeCategory.SshPublicKey, OperationOf(name), c.Req("sSHPublicKeyId"));
                break;
            case "CreateServiceSpecificCredential":
                OnUser(c, c.Req("userName") ?? c.Resp("serviceSpecificCredential", "userName"), IamChangeCategory.ServiceSpecificCredential, Added, c.Resp("serviceSpecificCredential", "serviceSpecificCredentialId"));
                break;
            case "UpdateServiceSpecificCredential":
            case "ResetServiceSpecificCredential":
            case "DeleteServiceSpecificCredential":
                OnUser(c, c.Req("userName"), IamChangeCategory.ServiceSpecificCredential, OperationOf(name), c.Req("serviceSpecificCredentialId"));
                break;
            case "PutUserPolicy":
            case "DeleteUserPolicy":
                Inline(c, EntityKind.User, c.Req("userName"), name);
                break;
            case "AttachUserPolicy":
            case "DetachUserPolicy":
                Attachment(c, EntityKind.User, c.Req("userName"), name);
                break;
            case "PutUserPermissionsBoundary":
            case "DeleteUserPermissionsBoundary":
                Boundary(c, EntityKind.User, c.Req("userName"), name);
                break;
            case "AddUserToGroup":
            case "RemoveUserFromGroup":
                var userName = c.Req("userName");
                var groupName = c.Req("groupName");
                var membership = name.StartsWith("Add", StringComparison.Ordinal) ? Added : Removed;
                c.AddNamed(EntityKind.User, userName, null, null, IamChangeCategory.GroupMembership, membership, groupName);
                c.AddNamed(EntityKind.Group, groupName, null, null, IamChangeCategory.GroupMembership, membership, userName);
                break;

            // Groups
            case "CreateGroup":
                c.AddNamed(EntityKind.Group, c.Req("groupName") ?? c.Resp("group", "groupName"), c.Req("path"), c.Resp("group", "arn"), IamChangeCategory.Created, Added);
                break;
            case "DeleteGroup":
                c.AddNamed(EntityKind.Group, c.Req("groupName"), null, null, IamChangeCategory.Deleted, Removed);
                break;
            case "UpdateGroup":
                Rename(c, EntityKind.Group, c.Req("groupName"), c.Req("newGroupName"), c.Req("newPath"));
                break;
            case "PutGroupPolicy":
            case "DeleteGroupPolicy":
                Inline(c, EntityKind.Group, c.Req("groupName"), name);
                break;
            case "AttachGroupPolicy":
            case "DetachGroupPolicy":
                Attachment(c, EntityKind.Group, c.Req("groupName"), name);
                break;

            // Roles
            case "CreateRole":
            case "CreateServiceLinkedRole":
                var role = Json.Get(c.Response, "role");
                var roleName = c.Req("roleName") ?? Json.String(role, "roleName");
                var trust = Json.Get(c.Request, "assumeRolePolicyDocument");
                var trustDocument = c.Document(Json.IsPresent(trust) ? trust : Json.Get(role, "assumeRolePolicyDocument"), "trust policy");
                c.AddNamed(EntityKind.Role, roleName, c.Req("path") ?? Json.String(role, "path"), Json.String(role, "arn"), IamChangeCategory.Created, Added, null, trustDocument);
                AddCreationBoundary(c, EntityKind.Role, roleName, c.Req("path") ?? Json.String(role, "path"), Json.String(role, "arn"), role);
                break;
            case "DeleteRole":
            case "DeleteServiceLinkedRole":
                c.AddNamed(EntityKind.Role, c.Req("roleName"), null, null, IamChangeCategory.Deleted, Removed);
                break;
            case "UpdateRole":
                var updated = new List<string>(2);
                if (Json.IsPresent(Json.Get(c.Request, "description")))
                {
                    updated.Add("description");
                }

                if (Json.IsPresent(Json.Get(c.Request, "maxSessionDuration")))
                {
                    updated.Add("maxSessionDuration");
                }

                c.AddNamed(EntityKind.Role, c.Req("roleName"), null, null, IamChangeCategory.Properties, Modified, updated.Count == 0 ? null : string.Join(',', updated));
                break;
            case "UpdateRoleDescription":
                c.AddNamed(EntityKind.Role, c.Req("roleName"), null, c.Resp("role", "arn"), IamChangeCategory.Properties, Modified, "description");
                break;
            case "UpdateAssumeRolePolicy":
                c.AddNamed(EntityKind.Role, c.Req("roleName"), null, null, IamChangeCategory.Trust, Modified, null, c.Document(Json.Get(c.Request, "policyDocument"), "trust policy"));
                break;
            case "PutRolePolicy":
            case "DeleteRolePolicy":
                Inline(c, EntityKind.Role, c.Req("roleName"), name);
                break;
            case "AttachRolePolicy":
            case "DetachRolePolicy":
                Attachment(c, EntityKind.Role, c.Req("roleName"), name);
                break;
            case "PutRolePermissionsBoundary":
            case "DeleteRolePermissionsBoundary":
                Boundary(c, EntityKind.Role, c.Req("roleName"), name);
                break;

            // Managed policies
            case "CreatePolicy":
                var policyArn = c.Resp("policy", "arn")
                    ?? (c.Req("policyName") is { } policyName ? IamArn.Build(c.Partition, c.Account, EntityKind.ManagedPolicy, policyName, c.Req("path")) : null);
                c.AddPolicy(policyArn, IamChangeCategory.Created, Added, null, c.Document(Json.Get(c.Request, "policyDocument"), "policy document"));
                break;
            case "DeletePolicy":
                c.AddPolicy(c.Req("policyArn"), IamChangeCategory.Deleted, Removed);
                break;
            case "CreatePolicyVersion":
                var versionId = c.Resp("policyVersion", "versionId");
                var versionDocument = c.Document(Json.Get(c.Request, "policyDocument"), "policy document");
                c.AddPolicy(c.Req("policyArn"), IamChangeCategory.PolicyVersion, Added, versionId, versionDocument);
                if (Json.Bool(Json.Get(c.Request, "setAsDefault")) == true)
                {
                    c.AddPolicy(c.Req("policyArn"), IamChangeCategory.DefaultPolicyVersion, Modified, versionId, versionDocument);
                }

                break;
            case "DeletePolicyVersion":
                c.AddPolicy(c.Req("policyArn"), IamChangeCategory.PolicyVersion, Removed, c.Req("versionId"));
                break;
            case "SetDefaultPolicyVersion":
                c.AddPolicy(c.Req("policyArn"), IamChangeCategory.DefaultPolicyVersion, Modified, c.Req("versionId"));
                break;

            // Instance profiles
            case "CreateInstanceProfile":
                c.AddNamed(EntityKind.InstanceProfile, c.Req("instanceProfileName") ?? c.Resp("instanceProfile", "instanceProfileName"), c.Req("path"), c.Resp("instanceProfile", "arn"), IamChangeCategory.Created, Added);
                break;
            case "DeleteInstanceProfile":
                c.AddNamed(EntityKind.InstanceProfile, c.Req("instanceProfileName"), null, null, IamChangeCategory.Deleted, Removed);
                break;
            case "AddRoleToInstanceProfile":
            case "RemoveRoleFromInstanceProfile":
                var profileName = c.Req("instanceProfileName");
                var profileRole = c.Req("roleName");
                var profileOperation = name.StartsWith("Add", StringComparison.Ordinal) ? Added : Removed;
                c.AddNamed(EntityKind.InstanceProfile, profileName, null, null, IamChangeCategory.InstanceProfileRole, profileOperation, profileRole);
                c.AddNamed(EntityKind.Role, profileRole, null, null, IamChangeCategory.InstanceProfileRole, profileOperation, profileName is null ? null : c.ArnOf(EntityKind.InstanceProfile, profileName));
                break;

            // Tags
            case "TagUser" or "UntagUser":
                Tags(c, name, EntityKind.User, c.Req("userName"));
                break;
            case "TagRole" or "UntagRole":
                Tags(c, name, EntityKind.Role, c.Req("roleName"));
                break;
            case "TagInstanceProfile" or "UntagInstanceProfile":
                Tags(c, name, EntityKind.InstanceProfile, c.Req("instanceProfileName"));
                break;
            case "TagPolicy" or "UntagPolicy":
                foreach (var key in TagKeys(c, name))
                {
                    c.AddPolicy(c.Req("policyArn"), IamChangeCategory.Tags, OperationOf(name), key);
                }

                break;
            case "TagOpenIDConnectProvider" or "UntagOpenIDConnectProvider":
                c.AddAccount(IamChangeCategory.IdentityProvider, Modified, c.Req("openIDConnectProviderArn"));
                break;
            case "TagSAMLProvider" or "UntagSAMLProvider":
                c.AddAccount(IamChangeCategory.IdentityProvider, Modified, c.Req("sAMLProviderArn"));
                break;
            case "TagServerCertificate" or "UntagServerCertificate":
                c.AddAccount(IamChangeCategory.ServerCertificate, Modified, c.Req("serverCertificateName"));
                break;
            case "TagMFADevice" or "UntagMFADevice":
                c.AddAccount(IamChangeCategory.MfaDevice, Modified, c.Req("serialNumber"));
                break;

            // Account-level resources
            case "CreateOpenIDConnectProvider":
                c.AddAccount(IamChangeCategory.IdentityProvider, Added, c.Resp("openIDConnectProviderArn") ?? c.Req("url"));
                break;
            case "DeleteOpenIDConnectProvider":
            case "UpdateOpenIDConnectProviderThumbprint":
            case "AddClientIDToOpenIDConnectProvider":
            case "RemoveClientIDFromOpenIDConnectProvider":
                c.AddAccount(IamChangeCategory.IdentityProvider, name.StartsWith("Delete", StringComparison.Ordinal) ? Removed : Modified, c.Req("openIDConnectProviderArn"));
                break;
            case "CreateSAMLProvider":
                c.AddAccount(IamChangeCategory.IdentityProvider, Added, c.Resp("sAMLProviderArn") ?? c.Req("name"));
                break;
            case "UpdateSAMLProvider":
            case "DeleteSAMLProvider":
                c.AddAccount(IamChangeCategory.IdentityProvider, OperationOf(name), c.Req("sAMLProviderArn"));
                break;
            case "UploadServerCertificate":
                c.AddAccount(IamChangeCategory.ServerCertificate, Added, c.Req("serverCertificateName"));
                break;
            case "UpdateServerCertificate":
            case "DeleteServerCertificate":
                c.AddAccount(IamChangeCategory.ServerCertificate, OperationOf(name), c.Req("serverCertificateName"));
                break;
            case "UpdateAccountPasswordPolicy":
                c.AddAccount(IamChangeCategory.PasswordPolicy, Modified);
                break;
            case "DeleteAccountPasswordPolicy":
                c.AddAccount(IamChangeCategory.PasswordPolicy, Removed);
                break;
            case "CreateAccountAlias":
            case "DeleteAccountAlias":
                c.AddAccount(IamChangeCategory.AccountAlias, OperationOf(name), c.Req("accountAlias"));
                break;
            case "SetSecurityTokenServicePreferences":
                c.AddAccount(IamChangeCategory.Properties, Modified, "globalEndpointTokenVersion");
                break;
            case "EnableOrganizationsRootCredentialsManagement":
            case "DisableOrganizationsRootCredentialsManagement":
            case "EnableOrganizationsRootSessions":
            case "DisableOrganizationsRootSessions":
                c.AddAccount(IamChangeCategory.Properties, Modified, name);
                break;

            default:
                c.AddAccount(IamChangeCategory.Other, Modified, name);
                break;
        }
    }

    /// <summary>Create/Put/Upload/Attach/Add/Enable add; Delete/Detach/Remove/Deactivate/Untag remove; the rest modify.</summary>
    private static IamChangeOperation OperationOf(string eventName)
    {
        if (Array.Exists(RemovingVerbs, verb => eventName.StartsWith(verb, StringComparison.Ordinal)))
        {
            return Removed;
        }

        return Array.Exists(AddingVerbs, verb => eventName.StartsWith(verb, StringComparison.Ordinal)) ? Added : Modified;
    }

    /// <summary>A change on a user named in the request, or on the caller when the request names none (self-service APIs).</summary>
    private static void OnUser(IamEventContext c, string? userName, IamChangeCategory category, IamChangeOperation operation, string? subject)
    {
        if (userName is null && c.CallerIsRoot)
        {
            // The root user's own keys, certificates and MFA devices belong to the account.
            c.AddAccount(category, operation, subject);
            return;
        }

        c.AddNamed(EntityKind.User, userName ?? c.CallerUserName, null, null, category, operation, subject);
    }

    private static void Inline(IamEventContext c, EntityKind kind, string? entityName, string eventName)
    {
        var put = eventName.StartsWith("Put", StringComparison.Ordinal);
        var document = put ? c.Document(Json.Get(c.Request, "policyDocument"), "inline policy document") : null;
        c.AddNamed(kind, entityName, null, null, IamChangeCategory.InlinePolicy, put ? Added : Removed, c.Req("policyName"), document);
    }

    private static void Attachment(IamEventContext c, EntityKind kind, string? entityName, string eventName)
    {
        var operation = eventName.StartsWith("Attach", StringComparison.Ordinal) ? Added : Removed;
        var policyArn = c.Req("policyArn");
        c.AddNamed(kind, entityName, null, null, IamChangeCategory.AttachedPolicy, operation, policyArn);
        if (policyArn is not null && entityName is not null)
        {
            // The policy side, so that a change to a policy's attachments is explained too.
            c.AddPolicy(policyArn, IamChangeCategory.AttachedPolicy, operation, c.ArnOf(kind, entityName));
        }
    }

    private static void Boundary(IamEventContext c, EntityKind kind, string? entityName, string eventName)
    {
        var put = eventName.StartsWith("Put", StringComparison.Ordinal);
        c.AddNamed(kind, entityName, null, null, IamChangeCategory.PermissionsBoundary, put ? Added : Removed, put ? BoundaryArn(Json.Get(c.Request, "permissionsBoundary")) : null);
    }

    /// <summary>A boundary given at creation: a string ARN in the request, an object in the response.</summary>
    private static void AddCreationBoundary(IamEventContext c, EntityKind kind, string? entityName, string? path, string? arn, JsonElement responseEntity)
    {
        var boundary = BoundaryArn(Json.Get(c.Request, "permissionsBoundary")) ?? BoundaryArn(Json.Get(responseEntity, "permissionsBoundary"));
        if (boundary is not null)
        {
            c.AddNamed(kind, entityName, path, arn, IamChangeCategory.PermissionsBoundary, Added, boundary);
        }
    }

    private static string? BoundaryArn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Json.String(element, "permissionsBoundaryArn"),
        _ => Json.String(element),
    };

    private static void Rename(IamEventContext c, EntityKind kind, string? oldName, string? newName, string? newPath)
    {
        if (oldName is null)
        {
            c.AddNamed(kind, null, null, null, IamChangeCategory.Renamed, Modified);
            return;
        }

        if (newName is null || string.Equals(newName, oldName, StringComparison.Ordinal))
        {
            // A new path only: same name, same identity for matching.
            c.AddNamed(kind, oldName, null, null, IamChangeCategory.Renamed, Modified, newPath is null ? null : IamArn.Build(c.Partition, c.Account, kind, oldName, newPath));
            return;
        }

        var oldArn = c.ArnOf(kind, oldName);
        var newArn = IamArn.Build(c.Partition, c.Account, kind, newName, newPath);
        c.AddNamed(kind, oldName, null, oldArn, IamChangeCategory.Renamed, Removed, newArn);
        c.AddNamed(kind, newName, newPath, newArn, IamChangeCategory.Renamed, Added, oldArn);
    }

    private static void Tags(IamEventContext c, string eventName, EntityKind kind, string? entityName)
    {
        foreach (var key in TagKeys(c, eventName))
        {
            c.AddNamed(kind, entityName, null, null, IamChangeCategory.Tags, OperationOf(eventName), key);
        }
    }

    private static List<string?> TagKeys(IamEventContext c, string eventName)
    {
        List<string?> keys = eventName.StartsWith("Untag", StringComparison.Ordinal)
            ? [.. Json.Strings(Json.Get(c.Request, "tagKeys"))]
            : [.. TagKeysOf(Json.Get(c.Request, "tags"))];
        return keys.Count == 0 ? [null] : keys;
    }

    private static IEnumerable<string> TagKeysOf(JsonElement tags)
    {
        if (tags.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var tag in tags.EnumerateArray())
        {
            if (Json.String(tag, "key") is { } key)
            {
                yield return key;
            }
        }
    }
}
