namespace Lyceum.Local.Errors;

/// <summary>The service's documented error body: <c>{"detail","status","type","errors":[{field,message}]}</c>.</summary>
internal sealed record ApiError(string Detail, int Status, string Type, IReadOnlyList<FieldError> Errors);
