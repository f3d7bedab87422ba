using Lyceum.Local.Data;
using Lyceum.Local.Storage;

namespace Lyceum.Local.S3;

/// <summary>What the S3 operations work with: the same file store (and so the same keys and quota) as /storage/*.</summary>
internal sealed record S3Services(FileStore Files, MultipartStore Multipart, S3Endpoint Endpoint, AccountStore Accounts, SigV4Verifier Verifier)
{
    public static S3Services From(HttpContext context)
    {
        var services = context.RequestServices;
        return new S3Services(services.GetRequiredService<FileStore>(), services.GetRequiredService<MultipartStore>(),
            services.GetRequiredService<S3Endpoint>(), services.GetRequiredService<AccountStore>(), services.GetRequiredService<SigV4Verifier>());
    }
}
