using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fewshot.Tests.Cluster;

/// <summary>A real redis-server of the test's own, on a free loopback port, with a password, nothing written to disk.</summary>
sealed class RedisServer : IDisposable
{
    readonly Process _process;
    readonly DirectoryInfo _dir;

    RedisServer(Process process, DirectoryInfo dir, int port, string password)
    {
        _process = process;
        _dir = dir;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public string Url => $"redis://:{Password}@127.0.0.1:{Port}";

    /// <summary>Starts one, or skips the test when redis-server is not installed (scripts/setup.sh installs it).</summary>
    public static RedisServer Start()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (executable is null) Assert.Skip("needs redis-server (Debian package redis-server; scripts/setup.sh installs it)");
        var dir = Directory.CreateTempSubdirectory("fewshot-redis-");
        var port = FreePort();
        var password = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", $"{port}", "--bind", "127.0.0.1", "--requirepass", password, "--save", "", "--appendonly", "no", "--dir", dir.FullName },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, line) => { if (line.Data?.Contains("Ready to accept connections") == true) ready.TrySetResult(); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            Assert.Fail($"redis-server did not start on port {port}");
        }
        return new RedisServer(process, dir, port, password);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
        _dir.Delete(recursive: true);
    }
}
