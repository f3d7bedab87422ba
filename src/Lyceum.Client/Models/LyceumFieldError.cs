namespace Lyceum.Client;

/// <summary>One invalid request field named by the service.</summary>
/// <param name="Field">The field, e.g. <c>code</c> or <c>body.timeout</c>.</param>
/// <param name="Message">What is wrong with it, in the service's words.</param>
public sealed record LyceumFieldError(string Field, string Message);
