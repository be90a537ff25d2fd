using System.Net;
using System.Net.Sockets;
using Fewshot.Models;
using Fewshot.Models.Weights;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Bodies;

/// <summary>
/// `setup backbone`'s download and import against a local HTTP server on loopback serving the parity fixtures' resnet18
/// weights as if they were torchvision's (the pinned file name, hash prefix and size are overridden for the test).
/// </summary>
public sealed class WeightsStoreTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("fewshot-weights-store-").FullName;
    readonly BackboneWeightsStore _store;
    readonly byte[] _file = File.ReadAllBytes(TorchvisionFixtures.Weights("resnet18"));
    readonly string _sha = FileHash.Sha256(TorchvisionFixtures.Weights("resnet18"));
    readonly HttpListener _server = new();
    readonly string _baseUrl;

    public WeightsStoreTests()
    {
        Torch.Ready();
        _store = new BackboneWeightsStore(Path.Combine(_root, "backbones"));
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _baseUrl = $"http://127.0.0.1:{port}/";
        _server.Prefixes.Add(_baseUrl);
        _server.Start();
        _ = Task.Run(Serve);
    }

    /// <summary>/ok/* serves the file, /truncated/* half of it under the full length, anything else 404.</summary>
    async Task Serve()
    {
        while (_server.IsListening)
        {
            HttpListenerContext context;
            try { context = await _server.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var path = context.Request.Url!.AbsolutePath;
            var response = context.Response;
            try
            {
                if (path.StartsWith("/ok/") || path.StartsWith("/truncated/"))
                {
                    response.ContentLength64 = _file.Length;
                    var half = path.StartsWith("/truncated/");
                    await response.OutputStream.WriteAsync(_file.AsMemory(0, half ? _file.Length / 2 : _file.Length));
                    if (half) { response.Abort(); continue; }
                }
                else response.StatusCode = 404;
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException) { }
        }
    }

    BackboneInfo Body(string route, string? hashPrefix = null, double? sizeMiB = null) =>
        BackboneRegistry.Get("resnet18_tv") with
        {
            Official = new OfficialWeights("TEST", $"resnet18-{hashPrefix ?? _sha[..8]}.pth", 0, 0,
                sizeMiB ?? Math.Round(_file.Length / 1048576.0, 1), _baseUrl + route + "/"),
        };

    void NothingLeft() => Assert.Empty(Directory.Exists(_store.Root) ? Directory.GetFileSystemEntries(_store.Root) : []);

    [Fact]
    public void GoodDownload_IsInstalledWithItsSha256()
    {
        var body = Body("ok");
        Assert.False(_store.IsInstalled(body));
        var path = _store.Install(body);
        Assert.True(_store.IsInstalled(body));
        Assert.Equal(_sha, _store.InstalledSha256(body));
        Assert.Equal(_sha, File.ReadAllText(path + ".sha256").Trim());
        Assert.Equal(_file, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(_store.Root, "*.tmp"));
    }

    [Fact]
    public void InstalledFile_ThatChanged_IsRefusedWhenUsed()
    {
        var body = Body("ok");
        var path = _store.Install(body);
        using (var stream = new FileStream(path, FileMode.Append)) stream.WriteByte(0);
        var error = Assert.Throws<FewshotException>(() => _store.InstalledPath(body));
        Assert.Contains("have changed since they were installed", error.Message);
    }

    [Fact]
    public void WrongHash_IsRefused_AndNothingIsLeft()
    {
        var error = Assert.Throws<FewshotException>(() => _store.Install(Body("ok", hashPrefix: "00000000")));
        Assert.Contains("its SHA-256 starts " + _sha[..8] + ", not 00000000", error.Message);
        NothingLeft();
    }

    [Fact]
    public void WrongSize_IsRefused_AndNothingIsLeft()
    {
        var error = Assert.Throws<FewshotException>(() => _store.Install(Body("ok", sizeMiB: 97.8)));
        Assert.Contains("but torchvision's", error.Message);
        NothingLeft();
    }

    [Fact]
    public void TruncatedDownload_IsRefused_AndNothingIsLeft()
    {
        var error = Assert.Throws<FewshotException>(() => _store.Install(Body("truncated")));
        Assert.Contains("Nothing was installed", error.Message);
        NothingLeft();
    }

    [Fact]
    public void HttpError_IsRefused_AndNothingIsLeft()
    {
        var error = Assert.Throws<FewshotException>(() => _store.Install(Body("missing")));
        Assert.Contains("HTTP 404", error.Message);
        NothingLeft();
    }

    [Fact]
    public void LocalCopy_IsCheckedAlike()
    {
        var body = Body("unused");
        Assert.Throws<FewshotException>(() => _store.Install(body with { Official = body.Official! with { FileName = "resnet18-00000000.pth" } },
            from: TorchvisionFixtures.Weights("resnet18")));
        NothingLeft();
        _store.Install(body, from: TorchvisionFixtures.Weights("resnet18"));
        Assert.Equal(_sha, _store.InstalledSha256(body));
    }

    [Fact]
    public void NotInstalled_SaysHowToInstall()
    {
        var error = Assert.Throws<FewshotException>(() => _store.InstalledPath(Body("ok")));
        Assert.Contains("fewshot setup backbone resnet18_tv", error.Message);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Close();
        Directory.Delete(_root, recursive: true);
    }
}
