using System.Net.Http.Headers;
using Lyceum.Client;
using Lyceum.Interactive.Formatting;
using Lyceum.Interactive.Tests.Infrastructure;
using Lyceum.Local;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

/// <summary>While the SDK reconnects a broken output stream, the run card says so; once output flows again it does not.</summary>
public sealed class ReconnectingCardTests
{
    [Fact]
    public async Task a_broken_stream_shows_reconnecting_on_the_card_and_the_cell_still_gets_its_output_once()
    {
        await using var server = await LyceumLocalServer.StartAsync(new LyceumLocalOptions { Stream = "sse" });
        using var client = new LyceumClient(LyceumCredential.FromApiKey(server.ApiKey),
            new LyceumClientOptions { Endpoint = server.BaseUrl, Transport = new CutFirstStreamHandler() });
        using var notebook = new Notebook(client);
        var cards = new List<RunCard>();
        using var subscription = notebook.Kernel.KernelEvents.Subscribe(e =>
        {
            if (e is DisplayEvent { Value: RunCard card })
                lock (cards)
                    cards.Add(card);
        });

        var result = await notebook.SubmitAsync("#!lyceum-python\nprint('one', flush=True)\nprint('two')");

        Assert.DoesNotContain(result.Events, e => e is CommandFailed);
        var stdout = string.Concat(result.Events.OfType<StandardOutputValueProduced>().Select(e => e.FormattedValues.First().Value));
        Assert.Equal("one\ntwo\n", stdout);
        RunCard[] seen;
        lock (cards)
            seen = [.. cards];
        Assert.Contains(seen, c => c.Reconnecting is not null);
        var down = seen.First(c => c.Reconnecting is not null);
        Assert.Contains("reconnecting (", Formatter.ToDisplayString(down, "text/plain"));
        Assert.Null(seen[^1].Reconnecting);
        Assert.DoesNotContain("reconnecting", Formatter.ToDisplayString(seen[^1], "text/plain"));
    }

    // The first output stream the client opens breaks on its first read, as a dropped connection would.
    private sealed class CutFirstStreamHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _cut;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var isStream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
            if (!isStream || Interlocked.Exchange(ref _cut, 1) == 1)
                return response;
            response.Content.Dispose();
            response.Content = new StreamContent(new BrokenStream());
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return response;
        }
    }

    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("connection reset by peer (test)");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("connection reset by peer (test)"));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
