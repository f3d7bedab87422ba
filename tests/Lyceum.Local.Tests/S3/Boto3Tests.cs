using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Lyceum.Local.Tests.Infrastructure;

namespace Lyceum.Local.Tests.S3;

/// <summary>
/// boto3 against Lyceum Local: Debian's python3-boto3 (botocore 1.29, Content-MD5 era) and, when the default python3 is
/// another interpreter with a newer boto3 (flexible checksums), that one too.
/// </summary>
public sealed class Boto3Tests
{
    private static readonly string Suite = Path.Combine(AppContext.BaseDirectory, "S3", "boto3_suite.py");

    [Fact]
    public async Task every_operation_works_through_boto3_over_the_same_files_as_the_storage_api()
    {
        foreach (var python in Interpreters())
        {
            await using var s3 = await S3Fixture.StartAsync();
            var presignedFile = Path.Combine(s3.Server.Server.DataDirectory, "presigned.txt");

            await RunSuiteAsync(python, s3.Credentials, ["all"], new() { ["LYCEUM_S3_PRESIGNED_OUT"] = presignedFile });

            Assert.Equal("written by boto3", await s3.Server.Http.GetStringAsync("storage/download/from-boto3.txt"));
            using var plain = new HttpClient();
            Assert.Equal("written by boto3", await plain.GetStringAsync(await File.ReadAllTextAsync(presignedFile)));
        }
    }

    [Fact]
    public async Task boto3_gets_access_denied_on_another_accounts_bucket_and_expired_token_after_expiry()
    {
        var python = Interpreters()[0];
        await using var s3 = await S3Fixture.StartAsync();
        using var other = await OtherAccount.CreateAsync(s3.Server);
        var otherBucket = (await S3Fixture.CredentialsAsync(other.Http)).GetProperty("bucket_name").GetString()!;

        await RunSuiteAsync(python, s3.Credentials, ["other-bucket", otherBucket]);
        s3.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await RunSuiteAsync(python, s3.Credentials, ["expired"]);
    }

    [Fact]
    public async Task a_remote_python_run_uses_boto3_with_credentials_passed_in_its_code()
    {
        var python = Interpreters()[0];
        await using var s3 = await S3Fixture.StartAsync(options => options.Python = python);
        var code = $$"""
            import json, boto3, botocore.config
            c = json.loads(r'''{{s3.Credentials.GetRawText()}}''')
            s3 = boto3.client("s3", endpoint_url=c["endpoint"], region_name=c["region"],
                              aws_access_key_id=c["access_key_id"], aws_secret_access_key=c["secret_access_key"],
                              aws_session_token=c["session_token"],
                              config=botocore.config.Config(s3={"addressing_style": "path"}))
            s3.put_object(Bucket=c["bucket_name"], Key="from-run/result.txt", Body=b"computed remotely")
            print("read back:", s3.get_object(Bucket=c["bucket_name"], Key="from-run/result.txt")["Body"].read().decode())
            """;

        var (id, messages) = await s3.Server.RunAsync(new { execution_type = "cpu", code });

        Assert.True(Wire.Text(messages, "stdout").Contains("read back: computed remotely"), Wire.Text(messages));
        Assert.Equal("completed", (await s3.Server.GetJsonAsync($"execution/streaming/{id}/status")).GetProperty("status").GetString());
        Assert.Equal("computed remotely", await s3.Server.Http.GetStringAsync("storage/download/from-run/result.txt"));
    }

    /// <summary>Debian's /usr/bin/python3 and the python3 on PATH, each when it can import boto3 (CI installs python3-boto3).</summary>
    private static List<string> Interpreters()
    {
        var found = new List<string>();
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            var (exit, output) = Run(candidate, ["-c", "import os, sys, boto3; print(os.path.realpath(sys.executable))"], []);
            if (exit == 0 && !found.Any(f => Run(f, ["-c", "import os, sys; print(os.path.realpath(sys.executable))"], []).Output.Trim() == output.Trim()))
                found.Add(candidate);
        }
        Assert.True(found.Count > 0, "No python3 with boto3 was found; install Debian's python3-boto3 (apt-get install python3-boto3).");
        return found;
    }

    private static async Task RunSuiteAsync(string python, JsonElement credentials, string[] args, Dictionary<string, string>? environment = null)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, credentials.GetRawText());
            var (exit, output) = await Task.Run(() => Run(python, [Suite, file, .. args], environment ?? []));
            Assert.True(exit == 0 && output.Contains("ALL PASSED"), $"{python} boto3_suite.py {string.Join(' ', args)} exited {exit}:\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int Exit, string Output) Run(string file, string[] args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, stdout + "\n(killed after 3 minutes)");
            }
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, $"{file} is not installed");
        }
    }
}
