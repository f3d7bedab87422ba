using System.Net;
using System.Net.Http.Headers;
using Lyceum.Client.Credentials;

namespace Lyceum.Client.Http;

/// <summary>Asks the credential for a token on every request; after a 401 a renewable credential is renewed
/// once and the request sent again.</summary>
internal sealed class CredentialHandler(LyceumCredential credential, ITokenService tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(tokens, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;

        if (!await credential.RenewAfterRejectionAsync(tokens, token, cancellationToken).ConfigureAwait(false))
            return response;
        response.Dispose();
        token = await credential.GetTokenAsync(tokens, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
