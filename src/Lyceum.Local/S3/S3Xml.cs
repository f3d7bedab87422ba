using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Lyceum.Local.S3;

/// <summary>S3's XML: answers in the 2006-03-01 namespace, the error shape, and bounded parsing of request bodies.</summary>
internal static class S3Xml
{
    public static readonly XNamespace Ns = "http://s3.amazonaws.com/doc/2006-03-01/";
    private const int MaxRequestBytes = 4 * 1024 * 1024;

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Quoted(string etag) => "\"" + etag + "\"";

    public static async Task WriteAsync(HttpResponse response, XElement root, int status = 200)
    {
        response.StatusCode = status;
        response.ContentType = "application/xml";
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting);
        await response.WriteAsync(text, Encoding.UTF8);
    }

    /// <summary>S3's error shape: Code, Message, Resource, RequestId (no namespace, as S3 sends it).</summary>
    public static async Task WriteErrorAsync(HttpContext context, S3Exception error, string resource, string requestId)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        if (HttpMethods.IsHead(context.Request.Method))
            return;
        response.ContentType = "application/xml";
        var root = new XElement("Error",
            new XElement("Code", error.Code), new XElement("Message", error.Message),
            new XElement("Resource", resource), new XElement("RequestId", requestId));
        await response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting), Encoding.UTF8);
    }

    /// <summary>Reads a small XML request body (no DTDs, at most 4 MiB); MalformedXML when it is not XML.</summary>
    public static async Task<XElement> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
                throw S3Errors.MalformedXml("the body is larger than 4 MiB");
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true });
            return (await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken)).Root ?? throw S3Errors.MalformedXml("the body is empty");
        }
        catch (XmlException ex)
        {
            throw S3Errors.MalformedXml(ex.Message);
        }
    }

    /// <summary>The child elements of that local name, whatever namespace the client used.</summary>
    public static IEnumerable<XElement> Children(XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);

    public static string? Child(XElement parent, string name) => Children(parent, name).FirstOrDefault()?.Value;
}
