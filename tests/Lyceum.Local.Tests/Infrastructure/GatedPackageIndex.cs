using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lyceum.Local.Tests.Infrastructure;

/// <summary>
/// A package index on loopback (pip's "simple" API) serving one wheel, that holds pip's first request until the test
/// releases it: the test knows for certain that an install is under way, and may move a fake clock meanwhile.
/// </summary>
internal sealed class GatedPackageIndex : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _wheel;
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatedPackageIndex(string wheel)
    {
        _wheel = wheel;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Url = $"http://127.0.0.1:{port}/simple/";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    /// <summary>The index URL for <c>pip --index-url</c>.</summary>
    public string Url { get; }

    /// <summary>Completes when pip asked for the package (the install is under way and waits for <see cref="Release"/>).</summary>
    public Task Requested => _requested.Task;

    /// <summary>Lets pip's request be answered.</summary>
    public void Release() => _released.TrySetResult();

    public void Dispose()
    {
        Release();
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var file = Path.GetFileName(_wheel);
            var path = context.Request.Url!.AbsolutePath;
            byte[] body;
            if (path.EndsWith(".whl", StringComparison.Ordinal))
                body = await File.ReadAllBytesAsync(_wheel);
            else
            {
                _requested.TrySetResult();
                await _released.Task;
                body = Encoding.UTF8.GetBytes($"<html><body><a href=\"/files/{file}\">{file}</a></body></html>");
                context.Response.ContentType = "text/html";
            }
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // pip gave up (its run was stopped) or the index was disposed.
        }
    }
}
