namespace IamSnapshot.CloudTrail;

/// <summary>
/// Who initiated a CloudTrail event: a principal, a service acting for one, or AWS itself. (The differ's
/// <c>IamSnapshot.Diffing.ChangeOrigin</c> is the coarser account-or-AWS view of a change.)
/// </summary>
public enum EventOrigin
{
    /// <summary>A person or workload called IAM with its own credentials.</summary>
    Principal,

    /// <summary>
    /// An AWS service made the call on a principal's behalf (the record has <c>invokedBy</c>, for example
    /// <c>cloudformation.amazonaws.com</c>): the principal asked for it; <see cref="CloudTrailActor.InvokedBy"/> names the service.
    /// </summary>
    AwsServiceOnBehalfOfPrincipal,

    /// <summary>
    /// AWS made the change itself: an <c>AWSService</c> identity, a service-linked role session, or IAM
    /// Identity Center provisioning its <c>AWSReservedSSO_*</c> roles (<c>sso.amazonaws.com</c>).
    /// </summary>
    AwsService,
}
