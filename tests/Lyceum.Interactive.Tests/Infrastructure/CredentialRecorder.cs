using System.Net;
using System.Text;
using System.Text.Json;

namespace Lyceum.Interactive.Tests.Infrastructure;

/// <summary>
/// The transport of a client talking to a real Lyceum Local: notes the secret and session token of every storage
/// credentials answer, so tests can search everything the notebook shows for them. With <see cref="RefuseCredentials"/>
/// it plays a service without S3 (Lyceum Local always has it; the real service may not), answering 501 as the API's
/// error shape.
/// </summary>
public sealed class CredentialRecorder() : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>Every secret and session token handed out, in order.</summary>
    public List<(string Secret, string Token)> Handed { get; } = [];

    /// <summary>Answer storage credentials with 501 instead of asking the server.</summary>
    public bool RefuseCredentials { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var asksForCredentials = request.RequestUri!.AbsolutePath.EndsWith("/storage/credentials", StringComparison.Ordinal);
        if (asksForCredentials && RefuseCredentials)
        {
            return new HttpResponseMessage(HttpStatusCode.NotImplemented)
            {
                RequestMessage = request,
                Content = new StringContent("""{"detail":"POST /storage/credentials is not implemented","status":501,"type":"not_implemented"}""",
                    Encoding.UTF8, "application/json"),
            };
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (asksForCredentials && response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            lock (Handed)
                Handed.Add((body.RootElement.GetProperty("secret_access_key").GetString()!, body.RootElement.GetProperty("session_token").GetString()!));
        }
        return response;
    }
}
