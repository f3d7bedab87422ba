using System.Net;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests;

public sealed class DeleteFolderRootTests
{
    [Theory]
    [InlineData("storage/delete-folder/")]
    [InlineData("storage/delete-folder//")]
    public async Task delete_folder_without_a_prefix_is_refused_in_the_documented_shape_and_deletes_nothing(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "keep.bin" } };
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync("storage/upload?key=data/keep.bin", form)).StatusCode);

        await Wire.AssertErrorAsync(await server.Http.DeleteAsync(path), HttpStatusCode.BadRequest, "prefix");

        Assert.Single((await server.GetJsonAsync("storage/list-files")).EnumerateArray());
    }
}
