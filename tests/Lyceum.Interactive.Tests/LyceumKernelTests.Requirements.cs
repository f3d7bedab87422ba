using Lyceum.Interactive.Tests.Infrastructure;

namespace Lyceum.Interactive.Tests;

public sealed partial class LyceumKernelTests
{
    [Fact]
    public async Task requirements_lines_install_a_wheel_offline_and_pip_output_is_visible()
    {
        WheelBuilder.Build(_local.WheelDirectory, "lyceumdemo", "1.0.0", "GREETING = 'hello from a wheel'\n");
        WheelBuilder.Build(_local.WheelDirectory, "lyceumextra", "2.0.0", "VALUE = 7\n");
        var result = await RunCellAsync("""
            #!requirements lyceumdemo==1.0.0
            #!requirements lyceumextra
            import lyceumdemo, lyceumextra
            print(lyceumdemo.GREETING, lyceumextra.VALUE)
            """);
        result.Succeeded();
        var stdout = result.Stdout();
        Assert.Contains("Successfully installed", stdout);
        Assert.EndsWith("hello from a wheel 7\n", stdout);
    }

    [Fact]
    public async Task a_requirements_file_set_with_config_applies_to_every_later_cell()
    {
        WheelBuilder.Build(_local.WheelDirectory, "lyceumconfigured", "0.3.0", "NAME = 'configured'\n");
        var file = Path.Combine(Directory.CreateTempSubdirectory("lyceum-req-").FullName, "requirements.txt");
        await File.WriteAllTextAsync(file, "# from a file\nlyceumconfigured==0.3.0\n");

        (await _notebook.SubmitAsync($"#!lyceum config --requirements-file {file}")).Succeeded();
        var result = await RunCellAsync("import lyceumconfigured\nprint(lyceumconfigured.NAME)");

        result.Succeeded();
        Assert.EndsWith("configured\n", result.Stdout());
        var withFile = await RunCellAsync($"#!requirements --file {file}\nimport lyceumconfigured\nprint('again')");
        withFile.Succeeded();
    }

    [Fact]
    public async Task a_requirements_line_without_packages_fails_saying_what_to_write()
    {
        var failed = (await RunCellAsync("#!requirements\nprint(1)")).Failed();
        Assert.Contains("#!requirements needs packages", failed.Message);
    }
}
