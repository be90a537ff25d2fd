using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace Fewshot.Runtime;

/// <summary>
/// Gets libtorch ready before first use: a passive OpenMP wait policy (spinning threads made training
/// ~10× slower on a shared 2-core machine), and, where the system libstdc++ is older than the one
/// TorchSharp was built against, a patched copy of libLibTorchSharp.so loaded in its place.
/// </summary>
public static class NativeRuntime
{
    const string MissingVersion = "GLIBCXX_3.4.32";
    const string BridgeFile = "libLibTorchSharp.so";
    static readonly Lock Gate = new();
    static bool _ready;

    /// <summary>How the native library was loaded: "as shipped", or the path of the patched copy.</summary>
    public static string LoadedFrom { get; private set; } = "not loaded";

    /// <summary>Idempotent; call before any TorchSharp API.</summary>
    public static void EnsureLoaded()
    {
        if (_ready) return;
        lock (Gate)
        {
            if (_ready) return;
            SetNativeDefault("OMP_WAIT_POLICY", "PASSIVE");
            SetNativeDefault("KMP_BLOCKTIME", "0");
            if (OperatingSystem.IsLinux()) PrepareLinuxBridge();
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new FewshotException(
                    "libtorch could not be loaded. Fewshot needs the TorchSharp-cpu native libraries " +
                    "(libtorch 2.10) beside the program and a C++ runtime (libstdc++ from GCC 12 or newer; on " +
                    "Debian/Ubuntu: apt-get install libstdc++6 libgomp1). Original error: " + e.Message, e);
            }
            _ready = true;
        }
    }

    /// <summary>A variable as native code (libgomp) sees it, which can differ from .NET's view.</summary>
    public static string? NativeEnvironmentVariable(string name) =>
        OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(name) : Marshal.PtrToStringUTF8(Libc.getenv(name));

    /// <summary>Sets a variable in the C runtime's environment (what libgomp reads), unless the user set it.</summary>
    public static void SetNativeDefault(string name, string value)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) return;
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows()) Libc.setenv(name, value, 0);
    }

    static void PrepareLinuxBridge()
    {
        var original = FindBridge();
        if (original is null || !NeedsPatch(original)) { LoadedFrom = "as shipped"; return; }
        string patched;
        try { patched = PatchedCopy(original); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FewshotException($"Cannot prepare the patched libtorch bridge in '{CacheDirectory()}': {e.Message.TrimEnd('.')}. " +
                                       "Set FEWSHOT_CACHE to a folder you can write to.", e);
        }
        NativeLibrary.Load(patched);
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, assembly, path) =>
            name is "LibTorchSharp" or BridgeFile ? NativeLibrary.Load(patched) : IntPtr.Zero);
        LoadedFrom = patched;
    }

    static string? FindBridge()
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, BridgeFile),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", BridgeFile),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    static bool NeedsPatch(string bridge)
    {
        var bytes = File.ReadAllBytes(bridge);
        if (!ElfVersionPatcher.RequiresStrongly(bytes, MissingVersion)) return false;
        var libstdcxx = LoadedLibraryPath("libstdc++.so.6");
        // When the runtime's libstdc++ cannot be found, trust the loader: patch only if loading fails.
        if (libstdcxx is null) return !NativeLibrary.TryLoad(bridge, out _);
        return !ContainsAscii(File.ReadAllBytes(libstdcxx), MissingVersion);
    }

    static string PatchedCopy(string original)
    {
        var sourceDir = Path.GetDirectoryName(original)!;
        var bytes = File.ReadAllBytes(original);
        var key = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var dir = Path.Combine(CacheDirectory(), "native", key);
        Directory.CreateDirectory(dir);
        // RUNPATH is $ORIGIN/: libtorch and friends must sit beside the copy.
        foreach (var file in Directory.EnumerateFiles(sourceDir))
        {
            var link = Path.Combine(dir, Path.GetFileName(file));
            if (Path.GetFileName(file) == BridgeFile) continue;
            if (File.Exists(link) || Directory.Exists(link))
            {
                if (new FileInfo(link).LinkTarget == file) continue;
                File.Delete(link);
            }
            File.CreateSymbolicLink(link, file);
        }
        var target = Path.Combine(dir, BridgeFile);
        if (File.Exists(target)) return target;
        ElfVersionPatcher.MarkWeak(bytes, MissingVersion);
        var temp = target + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, target, overwrite: true);
        return target;
    }

    /// <summary>$FEWSHOT_CACHE, else $XDG_CACHE_HOME/fewshot, else ~/.cache/fewshot.</summary>
    public static string CacheDirectory()
    {
        var explicitDir = Environment.GetEnvironmentVariable("FEWSHOT_CACHE");
        if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "fewshot");
    }

    static string? LoadedLibraryPath(string fileName)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.EndsWith("/" + fileName, StringComparison.Ordinal)) return line[slash..];
                if (slash >= 0 && Path.GetFileName(line[slash..]).StartsWith(fileName, StringComparison.Ordinal))
                    return line[slash..];
            }
        }
        catch (IOException) { }
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu" })
            if (File.Exists(Path.Combine(dir, fileName))) return Path.Combine(dir, fileName);
        return null;
    }

    static bool ContainsAscii(ReadOnlySpan<byte> haystack, string needle) =>
        haystack.IndexOf(System.Text.Encoding.ASCII.GetBytes(needle)) >= 0;
}

static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr getenv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);
}
