namespace IamSnapshot.Model;

/// <summary>The kinds of entity a snapshot holds.</summary>
public enum EntityKind
{
    /// <summary>An IAM user.</summary>
    User,

    /// <summary>An IAM group.</summary>
    Group,

    /// <summary>An IAM role.</summary>
    Role,

    /// <summary>A managed policy, customer-managed or AWS-managed.</summary>
    ManagedPolicy,

    /// <summary>An EC2 instance profile.</summary>
    InstanceProfile,

    /// <summary>The account itself: root user, password policy, summary, aliases.</summary>
    Account,
}
