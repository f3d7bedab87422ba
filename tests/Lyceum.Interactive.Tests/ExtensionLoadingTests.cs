using Lyceum.Interactive.Remote;
using Lyceum.Interactive.Tests.Infrastructure;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Tests;

public sealed class ExtensionLoadingTests : IClassFixture<LocalServerFixture>
{
    private readonly LocalServerFixture _local;

    public ExtensionLoadingTests(LocalServerFixture local)
    {
        _local = local;
        Formatter.ResetToDefault();
    }

    [Fact]
    public async Task load_adds_the_python_kernel_listed_as_python_with_a_display_name()
    {
        using var notebook = new Notebook(_local.NewClient());
        var kernel = Assert.IsType<LyceumKernel>(notebook.Kernel.FindKernelByName("lyceum-python"));
        Assert.Equal("python", kernel.KernelInfo.LanguageName);
        Assert.Contains("Lyceum", kernel.KernelInfo.DisplayName);
        Assert.False(string.IsNullOrEmpty(kernel.KernelInfo.Description));
        var info = await notebook.SendAsync(new RequestKernelInfo("lyceum-python"));
        var produced = info.Events.OfType<KernelInfoProduced>().Single();
        Assert.Contains(produced.KernelInfo.SupportedKernelCommands, c => c.Name == nameof(SubmitCode));
    }

    [Fact]
    public async Task load_from_a_cell_shows_what_the_user_can_do_now()
    {
        using var notebook = new Notebook(_local.NewClient(), load: false);
        // As after #r: the C# kernel references the extension's assemblies, and extension.dib's one line calls Load.
        ((Microsoft.DotNet.Interactive.CSharp.CSharpKernel)notebook.Kernel.FindKernelByName("csharp")!)
            .AddAssemblyReferences([typeof(LyceumKernelExtension).Assembly.Location, typeof(Lyceum.Client.LyceumClient).Assembly.Location]);
        var dib = Path.Combine(RepositoryRoot(), "src", "Lyceum.Interactive", "extension.dib");

        var result = await notebook.SubmitAsync(File.ReadAllText(dib));

        result.Succeeded();
        var markdown = Assert.Single(result.Formatted("text/markdown"));
        Assert.Contains("#!lyceum-python", markdown);
        Assert.Contains("#!lyceum credits", markdown);
        Assert.Contains("#!connect lyceum", markdown);
        Assert.NotNull(notebook.Kernel.FindKernelByName("lyceum-python"));
    }

    [Fact]
    public async Task the_official_cli_config_file_signs_the_notebook_in()
    {
        var saved = (Environment.GetEnvironmentVariable("HOME"), Environment.GetEnvironmentVariable("LYCEUM_API_KEY"), Environment.GetEnvironmentVariable("LYCEUM_API_URL"));
        var home = Directory.CreateTempSubdirectory("lyceum-home-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".lyceum"));
        var host = _local.Server.BaseUrl.GetLeftPart(UriPartial.Authority);
        await File.WriteAllTextAsync(Path.Combine(home, ".lyceum", "config.json"), $"{{\"api_key\": \"{_local.Server.ApiKey}\", \"base_url\": \"{host}\"}}");
        Environment.SetEnvironmentVariable("HOME", home);
        Environment.SetEnvironmentVariable("LYCEUM_API_KEY", null);
        Environment.SetEnvironmentVariable("LYCEUM_API_URL", null);
        try
        {
            using var notebook = new Notebook(client: null);
            var result = await notebook.SubmitAsync("#!lyceum status");
            result.Succeeded();
            Assert.Contains("healthy", result.Html());
            Assert.Contains("an API key", result.Html());
        }
        finally
        {
            Environment.SetEnvironmentVariable("HOME", saved.Item1);
            Environment.SetEnvironmentVariable("LYCEUM_API_KEY", saved.Item2);
            Environment.SetEnvironmentVariable("LYCEUM_API_URL", saved.Item3);
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task loading_twice_registers_nothing_twice()
    {
        using var notebook = new Notebook(_local.NewClient());
        var kernelsBefore = notebook.Kernel.ChildKernels.Count;
        var directivesBefore = notebook.Kernel.KernelInfo.SupportedDirectives.Count;

        LyceumKernelExtension.Load(notebook.Kernel);

        Assert.Equal(kernelsBefore, notebook.Kernel.ChildKernels.Count);
        Assert.Equal(directivesBefore, notebook.Kernel.KernelInfo.SupportedDirectives.Count);
        (await notebook.SubmitAsync("#!lyceum credits")).Succeeded();
    }

    [Fact]
    public async Task bare_lyceum_prints_help_listing_every_subcommand()
    {
        using var notebook = new Notebook(_local.NewClient());
        var result = await notebook.SubmitAsync("#!lyceum");
        result.Succeeded();
        var help = Assert.Single(result.Formatted("text/markdown"));
        foreach (var sub in new[] { "login", "logout", "status", "credits", "history", "files", "upload", "download", "delete", "keys", "runs", "abort", "attach", "image", "config", "reset" })
            Assert.Contains($"`{sub}`", help);
    }

    [Fact]
    public async Task a_subcommand_followed_by_a_bare_lyceum_line_still_shows_help()
    {
        using var notebook = new Notebook(_local.NewClient());
        var result = await notebook.SubmitAsync("#!lyceum credits\n#!lyceum");
        result.Succeeded();
        Assert.Single(result.Formatted("text/markdown"));
    }

    [Fact]
    public async Task an_unknown_subcommand_fails_listing_the_valid_ones()
    {
        using var notebook = new Notebook(_local.NewClient());
        var failed = (await notebook.SubmitAsync("#!lyceum credit")).Failed();
        Assert.Contains("credit", failed.Message);
        Assert.Contains("credits, history", failed.Message);
    }

    [Fact]
    public async Task credentials_from_the_environment_need_no_login_cell()
    {
        var saved = (Environment.GetEnvironmentVariable("LYCEUM_API_URL"), Environment.GetEnvironmentVariable("LYCEUM_API_KEY"));
        Environment.SetEnvironmentVariable("LYCEUM_API_URL", _local.Server.BaseUrl.ToString());
        Environment.SetEnvironmentVariable("LYCEUM_API_KEY", _local.Server.ApiKey);
        try
        {
            using var notebook = new Notebook(client: null);
            var result = await notebook.SubmitAsync("#!lyceum credits");
            result.Succeeded();
            Assert.Contains("credits remaining", result.Html());
        }
        finally
        {
            Environment.SetEnvironmentVariable("LYCEUM_API_URL", saved.Item1);
            Environment.SetEnvironmentVariable("LYCEUM_API_KEY", saved.Item2);
        }
    }

    [Fact]
    public async Task commands_without_a_credential_fail_saying_how_to_log_in()
    {
        var saved = Environment.GetEnvironmentVariable("HOME");
        var home = Directory.CreateTempSubdirectory("lyceum-home-").FullName;
        Environment.SetEnvironmentVariable("HOME", home);
        try
        {
            using var notebook = new Notebook(client: null);
            var failed = (await notebook.SubmitAsync("#!lyceum credits")).Failed();
            Assert.Contains("#!lyceum login --api-key", failed.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HOME", saved);
            Directory.Delete(home, recursive: true);
        }
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", ".."));
}
