using System.Diagnostics;

namespace Fewshot.Tests.Runtime;

/// <summary>The native set-up runs once per process, so it is checked in fresh child processes.</summary>
public sealed class NativeRuntimeChildProcessTests : IDisposable
{
    readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("fewshot-cache-");
    public void Dispose() => _cache.Delete(recursive: true);

    static string CliDll => Path.Combine(AppContext.BaseDirectory, "Fewshot.Cli.dll");

    (int Code, string Output) RunInfo(params (string Name, string? Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [CliDll, "info"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["FEWSHOT_CACHE"] = _cache.FullName;
        start.Environment.Remove("OMP_WAIT_POLICY");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "fewshot info did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }

    static bool SystemLibstdcxxLacks(string version)
    {
        var path = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        return path is not null && !File.ReadAllText(path, System.Text.Encoding.Latin1).Contains(version);
    }

    [Fact]
    public void ChildProcess_LoadsLibtorch_AndNativeCodeSeesAPassiveWaitPolicy()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("the libstdc++ patch and libgomp policy are Linux matters");
        var (code, output) = RunInfo();

        Assert.True(code == 0, output);
        Assert.Contains("OMP_WAIT_POLICY (native): PASSIVE", output);
        if (SystemLibstdcxxLacks("GLIBCXX_3.4.32"))
        {
            Assert.Contains("from patched copy " + _cache.FullName, output);
            Assert.True(File.Exists(Directory.GetFiles(Path.Combine(_cache.FullName, "native"), "libLibTorchSharp.so", SearchOption.AllDirectories).Single()));
        }
        else
        {
            Assert.Contains("loaded as shipped", output);
        }
    }

    [Fact]
    public void AUserChosenWaitPolicy_IsLeftAlone()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("Linux only");
        var (code, output) = RunInfo(("OMP_WAIT_POLICY", "ACTIVE"));
        Assert.True(code == 0, output);
        Assert.Contains("OMP_WAIT_POLICY (native): ACTIVE", output);
    }
}
