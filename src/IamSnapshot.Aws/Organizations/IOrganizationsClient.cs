namespace IamSnapshot.Aws.Organizations;

/// <summary>The Organizations operations a multi-account capture calls.</summary>
internal interface IOrganizationsClient
{
    /// <summary>Lists every account of the organization (every page).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accounts.</returns>
    Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(CancellationToken cancellationToken);
}

/// <summary>An account of the organization.</summary>
/// <param name="Id">The 12-digit account id.</param>
/// <param name="Name">The account name.</param>
/// <param name="Status">The status: <c>ACTIVE</c>, <c>SUSPENDED</c>, <c>PENDING_CLOSURE</c>.</param>
internal sealed record OrganizationAccount(string Id, string Name, string Status)
{
    /// <summary>Whether the account can be captured.</summary>
    public bool IsActive => string.Equals(Status, "ACTIVE", StringComparison.Ordinal);
}
