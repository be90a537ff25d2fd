using System.Diagnostics;
using System.Security.Cryptography;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Bodies;

/// <summary>
/// The files tests/torchvision/fixtures.py makes with Debian's PyTorch (random weights per architecture, the body's
/// outputs on fixed inputs, odd files), made once per run in a temporary folder named by the script's hash, so a later
/// run reuses them. scripts/setup.sh installs python3-torch and python3-torchvision; /usr/bin/python3 is called by
/// path because another python3 may come first on the PATH.
/// </summary>
public static class TorchvisionFixtures
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Registry id and torchvision architecture of every torchvision body.</summary>
    public static TheoryData<string, string> Bodies => new()
    {
        { "resnet18_tv", "resnet18" }, { "resnet34", "resnet34" }, { "resnet50", "resnet50" },
        { "efficientnet_b0", "efficientnet_b0" }, { "mobilenet_v3_large", "mobilenet_v3_large" },
    };

    public static string Script => Path.Combine(SharedData.RepositoryRoot, "tests", "torchvision", "fixtures.py");

    static readonly Lazy<string> Made = new(Make);

    /// <summary>The folder holding ARCH.pth, reference.safetensors and the others.</summary>
    public static string Folder => Made.Value;

    public static string Weights(string architecture) => Path.Combine(Folder, architecture + ".pth");

    static string Make()
    {
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Script)))[..12].ToLowerInvariant();
        var folder = Path.Combine(Path.GetTempPath(), "fewshot-torchvision-" + hash);
        if (File.Exists(Path.Combine(folder, "done"))) return folder;
        var staging = folder + "." + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        var (code, output) = Run("make", staging);
        if (code != 0) Assert.Fail($"{Script} make failed ({code}):\n{output}");
        File.WriteAllText(Path.Combine(staging, "done"), "");
        try { Directory.Move(staging, folder); }
        catch (IOException) { Directory.Delete(staging, recursive: true); }  // another run made it first
        return folder;
    }

    /// <summary>Runs the fixture script with Debian's Python; returns its exit code and what it printed (stdout, then stderr).</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        if (!File.Exists(Python)) Assert.Fail($"{Python} is missing: run scripts/setup.sh (it installs python3-torch and python3-torchvision).");
        var start = new ProcessStartInfo(Python, [Script, .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        // A guard against a hung child, not a timing assertion.
        if (!child.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"{Script} {string.Join(' ', arguments)} did not finish");
        }
        return (child.ExitCode, output + errors.Result);
    }
}
