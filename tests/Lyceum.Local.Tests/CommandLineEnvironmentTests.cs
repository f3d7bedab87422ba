using Lyceum.Local.Hosting;

namespace Lyceum.Local.Tests;

public sealed class CommandLineEnvironmentTests
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        [CommandLine.ApiKeyVariable] = "lk_local_from_environment",
        [CommandLine.PasswordVariable] = "from-environment",
    };

    [Fact]
    public void the_key_and_password_can_come_from_the_environment_instead_of_the_process_list()
    {
        var (options, error, _) = CommandLine.Parse([], name => Environment.GetValueOrDefault(name));

        Assert.Null(error);
        Assert.Equal("lk_local_from_environment", options!.ApiKey);
        Assert.Equal("from-environment", options.Password);
    }

    [Fact]
    public void the_command_line_wins_over_the_environment()
    {
        var (options, _, _) = CommandLine.Parse(["--api-key", "lk_local_from_args", "--password", "from-args"], name => Environment.GetValueOrDefault(name));

        Assert.Equal("lk_local_from_args", options!.ApiKey);
        Assert.Equal("from-args", options.Password);
    }

    [Fact]
    public void without_either_the_defaults_apply()
    {
        var (options, _, _) = CommandLine.Parse([], _ => null);

        Assert.Null(options!.ApiKey);
        Assert.Null(options.Password);
    }

    [Fact]
    public void help_names_both_variables()
    {
        Assert.Contains(CommandLine.ApiKeyVariable, CommandLine.Usage);
        Assert.Contains(CommandLine.PasswordVariable, CommandLine.Usage);
    }
}
