namespace IamSnapshot.Policies;

/// <summary>The effect of a policy statement.</summary>
public enum PolicyEffect
{
    /// <summary>The statement grants the actions it names.</summary>
    Allow,

    /// <summary>The statement denies the actions it names; an explicit deny overrides every allow.</summary>
    Deny,
}
