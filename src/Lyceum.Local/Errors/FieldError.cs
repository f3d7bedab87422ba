namespace Lyceum.Local.Errors;

/// <summary>One field's problem inside an <see cref="ApiError"/>.</summary>
internal sealed record FieldError(string Field, string Message);
