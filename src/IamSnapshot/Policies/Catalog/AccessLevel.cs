namespace IamSnapshot.Policies.Catalog;

/// <summary>
/// The access level AWS assigns to an action in the Service Authorization Reference. Actions AWS flags as
/// both Write and Permissions management (or Tagging) carry the more specific level.
/// </summary>
public enum AccessLevel
{
    /// <summary>Lists resources (for example <c>s3:ListBucket</c>).</summary>
    List,

    /// <summary>Reads data or configuration (for example <c>s3:GetObject</c>).</summary>
    Read,

    /// <summary>Creates, changes or deletes resources (for example <c>iam:PassRole</c>).</summary>
    Write,

    /// <summary>Changes who may do what (for example <c>iam:AttachUserPolicy</c>, <c>s3:PutBucketPolicy</c>).</summary>
    PermissionsManagement,

    /// <summary>Changes only tags (for example <c>iam:TagRole</c>).</summary>
    Tagging,
}
