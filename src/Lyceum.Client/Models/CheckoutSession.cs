namespace Lyceum.Client;

/// <summary>A payment page for buying credits.</summary>
/// <param name="CheckoutUrl">Where to send the user to pay.</param>
/// <param name="SessionId">The payment session id.</param>
public sealed record CheckoutSession(Uri CheckoutUrl, string SessionId);
