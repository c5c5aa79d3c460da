namespace IamSnapshot.Rules;

/// <summary>Rule categories; each owns a contiguous range of rule ids.</summary>
public enum RuleCategory
{
    /// <summary>IAM0xxx: the engine itself and policy lint.</summary>
    Engine,

    /// <summary>IAM1xxx: privilege and privilege escalation.</summary>
    Privilege,

    /// <summary>IAM2xxx: trust and exposure.</summary>
    Trust,

    /// <summary>IAM3xxx: credentials.</summary>
    Credentials,

    /// <summary>IAM4xxx: inventory and hygiene.</summary>
    Inventory,

    /// <summary>IAM5xxx: CloudTrail and attribution.</summary>
    Attribution,

    /// <summary>IAM6xxx: account settings.</summary>
    AccountSettings,
}
